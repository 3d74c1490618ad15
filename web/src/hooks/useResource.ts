import { useCallback, useEffect, useState } from 'react';

export interface Resource<T> {
  /** The last value loaded (kept while a reload or a new load is under way). */
  data: T | undefined;
  /** Why the current load failed, if it did. */
  error: unknown;
  loading: boolean;
  reload: () => void;
}

interface Settled<T> {
  load: () => Promise<T>;
  generation: number;
  data: T | undefined;
  error: unknown;
}

/**
 * Loads something whenever its inputs change (the `load` callback's identity), on `reload()`, and
 * every `refreshMs` if given; an answer that arrives after newer inputs is dropped.
 */
export function useResource<T>(
  load: () => Promise<T>,
  options: { refreshMs?: number } = {},
): Resource<T> {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const { refreshMs } = options;

  useEffect(() => {
    let current = true;
    load().then(
      (data) => {
        if (current) setSettled({ load, generation, data, error: null });
      },
      (error: unknown) => {
        if (current) setSettled((previous) => ({ load, generation, data: previous?.data, error }));
      },
    );
    return () => {
      current = false;
    };
  }, [load, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, reload]);
  const loading = settled?.load !== load || settled.generation !== generation;
  return {
    data: settled?.data,
    error: loading ? null : settled.error,
    loading,
    reload,
  };
}
