import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  /** Why the last run failed (the server's words when it gave them). */
  error: unknown;
  /** Runs `work` once at a time; resolves true when it succeeded. */
  run: (work: () => Promise<unknown>) => Promise<boolean>;
}

/** A form submission or button action: busy while it runs, its failure kept for display. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
