/**
 * Roles and names for screen readers on both builds. h5 reads `role` and `aria-label` from the
 * element; WeChat's screen reader reads `aria-role` and `aria-label`, which reach the mini-program
 * only because config/aria-plugin.js adds them to Taro's templates. Components spread these props
 * on whatever a person can tap, so a page never has to remember either spelling.
 */
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';

export interface A11yProps {
  role?: string;
  ariaRole?: string;
  ariaLabel?: string;
}

/** The props that give an element a role and a name on the current build. */
export function a11y(role: string | undefined, label: string | undefined): A11yProps {
  const props: A11yProps = {};
  if (role) {
    if (IS_WEAPP) props.ariaRole = role;
    else props.role = role;
  }
  if (label) props.ariaLabel = label;
  return props;
}
