import type { Response } from 'express';

/** Sends a stored file as a download under its original name (quotes and newlines neutralised). */
export function sendDownload(
  res: Response,
  file: { path: string; filename: string; contentType: string; sha256: string },
): void {
  res.setHeader('content-type', file.contentType);
  res.setHeader(
    'content-disposition',
    `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`,
  );
  res.setHeader('x-content-sha256', file.sha256);
  res.sendFile(file.path);
}
