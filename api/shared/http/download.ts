import type { Response } from 'express';
import { NotFoundError } from '../../../domain/errors';

// C0/C1 control characters never reach a header, not even percent-encoded.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Sends a stored file as a download under its original name. Names outside Latin-1 go in RFC
 * 6266 `filename*=UTF-8''…` (express's content-disposition); control characters become `_`.
 * Always `attachment` and `nosniff`, so a stored HTML or SVG file never renders as our page.
 * The media root may sit under a dot-folder (the default `.data/media`), so dotfiles are
 * allowed: the path is ours (content-addressed), never the client's. Settles once the file is
 * sent; a missing stored file is a 404 when nothing was sent yet.
 */
export async function sendDownload(
  res: Response,
  file: { path: string; filename: string; contentType: string; sha256: string },
): Promise<void> {
  res.attachment(file.filename.replace(CONTROL, '_'));
  res.setHeader('content-type', file.contentType);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-content-sha256', file.sha256);
  await new Promise<void>((resolve, reject) => {
    res.sendFile(file.path, { dotfiles: 'allow' }, (error?: unknown) => {
      if (!error || res.headersSent) resolve();
      else reject(new NotFoundError('the stored file is missing', 'attachmentId'));
    });
  });
}
