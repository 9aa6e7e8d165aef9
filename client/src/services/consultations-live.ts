/**
 * "A consultation changed (its status, its turnout): refetch what is on screen." On its own so the
 * realtime client in the main package does not pull the consultation schemas out of their
 * subpackage.
 */
import { createSignal } from './signal';

export const consultationsChanged = createSignal();
