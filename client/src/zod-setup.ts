/**
 * Mini-programs forbid `new Function`, which zod's fast path uses: turn it off before any schema runs.
 * Imported first by app.ts.
 */
import { z } from 'zod';

z.config({ jitless: true });
