import { useState } from 'react';
import type { Service } from '../api/client';
import { useSession } from '../session/SessionProvider';

/** A protected file: fetched with the user's token, then handed to the browser as a download. */
export function AttachmentLink({
  service,
  path,
  filename,
  sizeBytes,
}: {
  service: Service;
  path: string;
  filename: string;
  sizeBytes: number;
}) {
  const { api } = useSession();
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setError(null);
    try {
      const url = URL.createObjectURL(await api.download(service, path));
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = filename;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'download failed');
    }
  };
  return (
    <span className="attachment">
      <button type="button" className="link" onClick={() => void open()}>
        {filename}
      </button>{' '}
      <small>({Math.max(1, Math.round(sizeBytes / 1024))} KB)</small>
      {error ? (
        <small className="field-error" role="alert">
          {' '}
          {error}
        </small>
      ) : null}
    </span>
  );
}
