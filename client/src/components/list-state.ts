/** What a list on screen is showing, decided once for every list (RemoteView renders it). */
export interface ListSource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export type ListState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'empty' } | { kind: 'ready' };

/**
 * Loading only before the first answer (a refetch keeps the list on screen); an error wins over
 * stale data so the person knows the list may be old; empty when the answer has nothing.
 */
export function listState<T>(source: ListSource<T>, isEmpty?: (data: T) => boolean): ListState {
  if (source.error) return { kind: 'error', message: source.error };
  if (source.data === null) return { kind: 'loading' };
  const nothing = isEmpty ? isEmpty(source.data) : Array.isArray(source.data) && source.data.length === 0;
  return nothing ? { kind: 'empty' } : { kind: 'ready' };
}
