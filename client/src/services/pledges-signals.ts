/**
 * What realtime tells the pledge pages (they refetch): kept apart from services/pledges.ts so the
 * main package, where realtime lives, does not carry the pledge schemas of the subpackage.
 */
import { createSignal } from './signal';

export const pledgesChanged = createSignal();
export const pointsChanged = createSignal();
export const conventionChanged = createSignal();
