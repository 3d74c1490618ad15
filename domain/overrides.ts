import { z } from 'zod';
import { findUnstorableText } from './text';
import { PRIORITIES } from './tickets';

const reason = z.string().trim().min(1).max(2000).optional();

/**
 * What an admin override asks for, wherever it comes from: the REST API (the admin is the
 * caller) or a signal named `override` from the Temporal Web UI or CLI (the admin is named).
 */
export const overrideBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reassign'), userId: z.string().min(1).max(64), reason }),
  z.object({ type: z.literal('change_priority'), priority: z.enum(PRIORITIES), reason }),
  z.object({
    type: z.literal('force_transition'),
    toStep: z.string().min(1).max(63).nullable(),
    ticketStatus: z.enum(['resolved', 'rejected', 'closed']).optional(),
    reason,
  }),
  z.object({ type: z.literal('hold'), reason }),
  z.object({ type: z.literal('resume'), reason }),
  z.object({ type: z.literal('cancel'), reason }),
]);
export type OverrideBody = z.infer<typeof overrideBodySchema>;

/** The admin a signal names: a user id. */
const namedAdmin = z.object({ adminId: z.string().regex(/^[1-9][0-9]{0,18}$/, 'a user id') });

/** The payload of the `override` signal: an override body plus the admin who sends it. */
export const overrideSignalSchema = z.intersection(namedAdmin, overrideBodySchema);

export type OverrideSignalParse =
  | { ok: true; adminId: string; body: OverrideBody }
  | { ok: false; adminId: string | null; problem: string };

/** Reads a signal payload that may be anything a person typed into the Web UI. Never throws. */
export function parseOverrideSignal(payload: unknown): OverrideSignalParse {
  const named = namedAdmin.safeParse(payload);
  const unstorable = findUnstorableText(payload);
  if (unstorable) {
    return {
      ok: false,
      adminId: named.success ? named.data.adminId : null,
      problem: `invalid override signal: ${unstorable.join('.') || 'payload'}: a NUL character or a lone surrogate`,
    };
  }
  const parsed = overrideSignalSchema.safeParse(payload);
  if (parsed.success) {
    const { adminId, ...body } = parsed.data;
    return { ok: true, adminId, body };
  }
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    adminId: named.success ? named.data.adminId : null,
    problem: `invalid override signal: ${where}${issue?.message ?? 'unreadable payload'}`,
  };
}
