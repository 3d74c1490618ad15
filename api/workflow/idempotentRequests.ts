import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { BadRequestError, ConflictError } from '../../domain/errors';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Binds a client's Idempotency-Key (within `scope`: what it acts on and who sends it) to the
 * request it first came with, and returns the Temporal update id that makes a repeat answer the
 * first outcome. The same key with another request is a 409, never the first request's outcome.
 * No key: undefined (every request is new).
 */
export async function claimIdempotencyKey(
  db: Knex,
  scope: string,
  key: string | undefined,
  request: unknown,
): Promise<string | undefined> {
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw new BadRequestError(
      'Idempotency-Key must be 1-200 printable ASCII characters',
      'idempotency-key',
    );
  }
  const id = `${scope}:${key}`;
  const requestSha256 = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  await db('idempotent_requests')
    .insert({ key: id, request_sha256: requestSha256 })
    .onConflict('key')
    .ignore();
  const stored = await db('idempotent_requests')
    .where({ key: id })
    .first<{ request_sha256: string }>('request_sha256');
  if (stored?.request_sha256 !== requestSha256) {
    throw new ConflictError(
      'this Idempotency-Key was already used with a different request',
      'idempotency-key',
    );
  }
  return id;
}
