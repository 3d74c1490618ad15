import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export interface UrlParams {
  /** The parameter's value, '' when absent. */
  get: (key: string) => string;
  /** Sets it (or drops it when empty) and keeps the others; replaces the history entry. */
  set: (key: string, value: string) => void;
}

/** A page's filters and tabs kept in the query string, so its URL can be bookmarked and shared. */
export function useUrlParams(): UrlParams {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (key: string, value: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { get: (key) => params.get(key) ?? '', set };
}
