/** Where the create form shows the API's field messages (kept apart from the page so it is tested alone). */
import type { NeedInput } from '@linli/shared/pledges';

/** The API's body paths that are not form keys, and the form field that shows each one's message. */
const FIXED_PATHS: Record<string, string> = {
  'thresholds.households': 'households',
  'thresholds.moneyFen': 'moneyThreshold',
  photoIds: 'photos',
};
const NEED_FIELDS: Record<NeedInput['kind'], Record<string, string>> = {
  money: { '': 'money', targetFen: 'money', label: 'money' },
  goods: { '': 'goodsQuantity', label: 'goodsLabel', unit: 'goodsUnit', quantity: 'goodsQuantity' },
  labour: {
    '': 'slotHeadcount',
    label: 'slotLabel',
    startsAt: 'slotStart',
    endsAt: 'slotEnd',
    headcount: 'slotHeadcount',
  },
};

/**
 * The API's field messages keyed by the form field under which each is shown: `needs.1.quantity`
 * is the goods quantity when the goods are the second need sent.
 */
export function fieldsOnForm(fields: Record<string, string>, kinds: readonly NeedInput['kind'][]) {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const need = /^needs\.(\d+)(?:\.(\w+))?$/.exec(path);
    const kind = need ? kinds[Number(need[1])] : undefined;
    const key = kind ? NEED_FIELDS[kind][need![2] ?? ''] : (FIXED_PATHS[path] ?? path);
    if (key) out[key] = message;
  }
  return out;
}
