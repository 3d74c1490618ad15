import type { RequestHandler } from 'express';
import { MalformedInputError } from '../../../domain/errors';
import { findUnstorableText, isUnstorableText } from '../../../domain/text';

export type InputPart = 'body' | 'query' | 'params' | 'headers';

/** Throws a 400 naming the first string in `input` Postgres cannot store (NUL, lone surrogate). */
export function assertStorableText(input: unknown, where: string): void {
  const path = findUnstorableText(input);
  if (!path) return;
  const field = [where, ...path].join('.');
  throw new MalformedInputError(
    `${field}: must not contain NUL characters or unpaired surrogates`,
    field,
  );
}

function decodedSegments(path: string): string[] {
  return path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new MalformedInputError('path: is not valid percent-encoded UTF-8', 'path');
    }
  });
}

/**
 * Rejects, before any route runs, a JSON body, query or path holding text Postgres cannot
 * store. Route params get their names checked again in parseInput; this is the net for routes
 * that read input without it.
 */
export const rejectUnstorableText: RequestHandler = (req, _res, next) => {
  try {
    if (decodedSegments(req.path).some(isUnstorableText)) {
      throw new MalformedInputError(
        'path: must not contain NUL characters or unpaired surrogates',
        'path',
      );
    }
    assertStorableText(req.query, 'query');
    assertStorableText(req.body, 'body');
    next();
  } catch (error) {
    next(error);
  }
};
