import type { RequestHandler, Request } from 'express';
import multer from 'multer';
import { BadRequestError, PayloadTooLargeError, ValidationError } from '../../../domain/errors';
import type { IncomingFile } from '../media/mediaStore';
import { assertStorableText } from './storableText';

const MAX_FILES = 5;

/**
 * Parses multipart bodies (fields plus up to MAX_FILES `attachments`) in memory; JSON bodies pass
 * through untouched. Multer's limit errors become 413/422 naming the field.
 */
export function multipart(maxBytes: number): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names as raw UTF-8; busboy's default (latin1) garbles non-ASCII names.
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytes + 1, files: MAX_FILES, fields: 20, fieldSize: 64 * 1024 },
  }).array('attachments', MAX_FILES);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next();
      return;
    }
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        next(
          error.code === 'LIMIT_FILE_SIZE'
            ? new PayloadTooLargeError(
                `an attachment is larger than ${maxBytes} bytes`,
                'attachments',
              )
            : new ValidationError(`attachments: ${error.message}`, error.field ?? 'attachments'),
        );
        return;
      }
      if (error) {
        // Busboy own errors (no boundary, a truncated body) are the client's malformed body.
        next(new BadRequestError(`body: malformed multipart body`, 'body'));
        return;
      }
      try {
        assertStorableText(req.body, 'body');
        assertStorableText(
          uploadedFiles(req).map((file) => file.originalname),
          'attachments',
        );
        next();
      } catch (rejection) {
        next(rejection);
      }
    });
  };
}

/** The files multer parsed from the request, if any. */
export const uploadedFiles = (req: Request): IncomingFile[] =>
  ((req.files ?? []) as IncomingFile[]).slice(0, MAX_FILES);
