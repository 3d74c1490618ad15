import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PayloadTooLargeError, ValidationError } from '../../../domain/errors';

const ALLOWED_TYPES: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/gif': ['.gif'],
  'text/plain': ['.txt', '.log'],
  'text/csv': ['.csv'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/zip': ['.zip'],
};

export interface IncomingFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface StoredFile {
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** Checks every file before anything is stored: one bad file rejects the whole request. */
export function checkFiles(files: IncomingFile[], maxBytes: number): void {
  files.forEach((file, i) => {
    const field = `attachments.${i}`;
    if (file.size > maxBytes) {
      throw new PayloadTooLargeError(
        `${file.originalname} is larger than ${maxBytes} bytes`,
        field,
      );
    }
    if (file.size === 0) throw new ValidationError(`${file.originalname} is empty`, field);
    const extensions = ALLOWED_TYPES[file.mimetype];
    const extension = path.extname(file.originalname).toLowerCase();
    if (!extensions || !extensions.includes(extension)) {
      throw new ValidationError(
        `${file.originalname}: type ${file.mimetype} (${extension || 'no extension'}) is not accepted`,
        field,
      );
    }
  });
}

export const sha256Of = (buffer: Buffer): string =>
  createHash('sha256').update(buffer).digest('hex');

/** Content-addressed storage under the media root: the same bytes are stored once. */
export class MediaStore {
  constructor(private readonly root: string) {}

  pathOf(sha256: string): string {
    return path.resolve(this.root, sha256.slice(0, 2), sha256);
  }

  async save(file: IncomingFile): Promise<StoredFile> {
    const sha256 = sha256Of(file.buffer);
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, file.buffer);
    await rename(temporary, target);
    return {
      filename: path.basename(file.originalname).slice(0, 255),
      contentType: file.mimetype,
      sizeBytes: file.size,
      sha256,
    };
  }
}
