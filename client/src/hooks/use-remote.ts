import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { messageOf } from '../services';
import type { Signal } from '../services/signal';

export interface Remote<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Data a page shows from the API: loaded when `enabled` (usually: signed in), again each time the
 * page is shown and whenever one of `signals` fires (a live event, the person's own change). An
 * answer to an older request is dropped; on failure the last data stays and `error` says why.
 */
export function useRemote<T>(
  load: () => Promise<T>,
  enabled: boolean,
  signals: Signal[] = [],
  /** What the data depends on (a community id): a new value loads again. */
  key = '',
): Remote<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    loader.current().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(messageOf(e));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    if (enabled) reload();
  }, [enabled, key, reload]);
  useEffect(() => {
    if (!enabled) return undefined;
    const unsubscribe = signals.map((signal) => signal.subscribe(reload));
    return () => unsubscribe.forEach((u) => u());
    // The signals are module-level constants: subscribe once.
  }, [enabled, reload]);
  useDidShow(() => {
    if (enabled) reload();
  });

  return { data, error, loading, reload };
}
