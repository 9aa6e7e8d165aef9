import type { ReactNode } from 'react';
import { EmptyState, ErrorState, Skeleton, type NextStep } from './states';
import { listState, type ListSource } from './list-state';

interface RemoteViewProps<T> {
  source: ListSource<T>;
  /** Whether the loaded data counts as nothing (default: an empty array). */
  isEmpty?: (data: T) => boolean;
  empty: { title: string; hint?: string; action?: NextStep };
  /** Skeleton cards while the first answer is coming. */
  cards?: number;
  children: (data: T) => ReactNode;
}

/**
 * Every list's four states in one place: a skeleton until the first answer, the error with a retry
 * (over stale data too: the data stays under it), the empty state with its next step, or the list.
 */
export function RemoteView<T>({ source, isEmpty, empty, cards, children }: RemoteViewProps<T>) {
  const state = listState(source, isEmpty);
  return (
    <>
      {state.kind === 'error' && <ErrorState message={state.message} onRetry={source.reload} />}
      {state.kind === 'loading' && <Skeleton cards={cards} />}
      {state.kind === 'empty' && <EmptyState title={empty.title} hint={empty.hint} action={empty.action} />}
      {(state.kind === 'ready' || (state.kind === 'error' && source.data !== null)) &&
        source.data !== null &&
        children(source.data)}
    </>
  );
}
