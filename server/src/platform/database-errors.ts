/**
 * Reading the store's answers. Rules such as "one booking per elder per meal" live in unique
 * indexes; a write that breaks one comes back as MongoDB's duplicate-key error (code 11000), the
 * same from the embedded store and from a real server.
 */
export function isDuplicateKey(err: unknown, field?: string): boolean {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== 11000) return false;
  if (!field) return true;
  const { keyPattern, message } = err as { keyPattern?: Record<string, unknown>; message?: string };
  return keyPattern ? field in keyPattern : String(message).includes(field);
}
