import { fieldMessagesOf } from '../services/api-error';

/**
 * What a form keeps of a refused save: the server's message per field (by body path, from
 * fieldMessagesOf) for each Field's `error`, and a sentence for what no field shows.
 */
export interface FormErrors {
  fields: Record<string, string>;
  /** The failure's message when no field of the form names it (shown above the buttons). */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/** Splits a failure into the fields this form shows (`shown`: their body paths) and the rest. */
export function formErrorsOf(error: unknown, message: string, shown: readonly string[]): FormErrors {
  const fields = fieldMessagesOf(error);
  const onScreen = Object.keys(fields).filter((path) => shown.includes(path));
  return {
    fields,
    form: onScreen.length > 0 && onScreen.length === Object.keys(fields).length ? null : message,
  };
}
