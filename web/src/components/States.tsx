import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** An error in words: the server's own message when it gave one. */
export function ErrorNotice({ error, message }: { error?: unknown; message?: string }) {
  const text =
    message ??
    (error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.');
  return (
    <p className="notice error" role="alert">
      {text}
    </p>
  );
}
