import { z } from 'zod';
import { BadRequestError } from '../../../domain/errors';

/** A ticket number in a path or socket message (e.g. TX-20261125-000123). */
export const ticketNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'not a ticket number');

/** A database serial id in a path, query or socket message; `what` names it in the error. */
export const serialId = (what: string) => z.string().regex(/^\d{1,18}$/, `not ${what}`);

/** A positive whole number that fits a Postgres integer (int4) column, e.g. a version. */
export const int4Id = (what: string) =>
  z.coerce
    .number({ error: `not ${what}` })
    .int(`not ${what}`)
    .positive(`not ${what}`)
    .max(2_147_483_647, `not ${what}`);

/**
 * A date in a query, limited to years Postgres and JavaScript both hold the same way (1–9999);
 * `-271821-04-20` is a valid JavaScript date Postgres rejects.
 */
export const queryDate = () =>
  z.coerce
    .date({ error: 'not a date' })
    .refine(
      (date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999,
      'not a date between the years 1 and 9999',
    );

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const SERIAL = /^\d{1,18}$/;

/** A keyset page cursor: base64url JSON of [ISO instant, serial id], as the list APIs return. */
export const encodeCursor = (at: string, id: string): string =>
  Buffer.from(JSON.stringify([at, id])).toString('base64url');

/**
 * An instant Postgres reads as JavaScript does: JavaScript rolls `2025-02-30` over to March and
 * reads year 0000, where Postgres refuses both (a 500 had they reached SQL).
 */
function isCalendarInstant(at: string): boolean {
  const date = new Date(at);
  return (
    !Number.isNaN(date.getTime()) &&
    date.getUTCFullYear() >= 1 &&
    date.toISOString().slice(0, 19) === at.slice(0, 19)
  );
}

/**
 * Reads a cursor encodeCursor made; anything else (e.g. `["1","1"]`, a non-numeric id, a day
 * the calendar lacks) is a 400 naming query.cursor before it reaches SQL.
 */
export function decodeCursor(cursor: string): { at: string; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [at, id] = decoded as unknown[];
    if (
      typeof at === 'string' &&
      ISO_INSTANT.test(at) &&
      isCalendarInstant(at) &&
      typeof id === 'string' &&
      SERIAL.test(id)
    )
      return { at, id };
  }
  throw new BadRequestError('cursor is not one this API returned', 'query.cursor');
}
