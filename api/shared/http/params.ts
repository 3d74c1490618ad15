import { z } from 'zod';

/** A ticket number in a path or socket message (e.g. TX-20261125-000123). */
export const ticketNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'not a ticket number');

/** A database serial id in a path, query or socket message; `what` names it in the error. */
export const serialId = (what: string) => z.string().regex(/^\d{1,18}$/, `not ${what}`);
