/**
 * Roles for screen readers on both builds. h5 reads `role` from the element; WeChat's screen
 * reader reads `aria-role`, which reaches the mini-program only because config/aria-plugin.js adds
 * it (and aria-label, aria-hidden) to Taro's templates. Components spread roleOf(role) and set
 * `ariaLabel` as a plain prop on whatever a person can tap: the weapp build test looks for that
 * prop beside every tap handler in the compiled pages.
 */
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';

export interface RoleProps {
  role?: string;
  ariaRole?: string;
  tabindex?: number;
}

/** Roles a person operates: in h5 they also take keyboard focus, in the order of the page. */
const OPERABLE = new Set(['button', 'switch', 'radio', 'checkbox', 'tab']);

/** The props that give an element a role on the current build (none for undefined). */
export function roleOf(role: string | undefined): RoleProps {
  if (!role) return {};
  if (IS_WEAPP) return { ariaRole: role };
  return OPERABLE.has(role) ? { role, tabindex: 0 } : { role };
}
