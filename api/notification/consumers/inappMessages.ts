import type { ConsumeMessage } from 'amqplib';
import { z } from 'zod';
import { NOTIFICATION_TYPES, type NotificationMessage } from '../../../domain/notifications';
import { findUnstorableText } from '../../../domain/text';
import { PoisonMessageError } from '../../../infra/amqp/broker';

const messageId = z.string().min(1).max(150);
const userId = z.union([
  z.string().trim().min(1).max(64),
  z
    .number()
    .int()
    .nonnegative()
    .transform((id) => String(id)),
]);

/** The platform's templated notification, on both queues. */
export const notificationSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(NOTIFICATION_TYPES),
  recipient: z.object({
    userId: z.string().optional(),
    email: z.string().email().optional(),
    name: z.string().optional(),
  }),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  createdAt: z.string(),
});

/** One notification in the original's words (its create_inapp_notification arguments). */
const originalFields = z.object({
  user_id: userId,
  subject: z.string().trim().min(1).max(300),
  message: z.string().min(1).max(5000),
  notification_type: z.string().trim().min(1).max(40).default('system'),
  related_ticket_number: z.string().trim().min(1).max(64).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

const actionSchema = z.discriminatedUnion('action', [
  originalFields.extend({ action: z.literal('create'), id: messageId }),
  z.object({
    action: z.literal('bulk_create'),
    id: messageId,
    notifications: z.array(originalFields).min(1).max(1000),
  }),
  z.object({
    action: z.literal('mark_read'),
    id: messageId,
    notification_id: z.union([
      z.string().regex(/^\d{1,18}$/, 'a notification id'),
      z
        .number()
        .int()
        .positive()
        .transform((id) => String(id)),
    ]),
    user_id: userId.optional(),
  }),
]);

/**
 * A parsed in-app queue message (domain InappQueueMessage); `mark_read` may leave the user out,
 * as the original's did.
 */
export type InappAction =
  { action: 'notify'; message: NotificationMessage } | z.output<typeof actionSchema>;

/** A zod error as one line of at most five problems, for a dead-letter reason. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');

/**
 * Reads one inapp-notification-queue message (see InappQueueMessage): `action` tells the
 * original's create / bulk_create / mark_read apart; none (or "notify") is the platform's
 * templated shape. A message without a body id uses its AMQP message id. Anything else, and text
 * Postgres cannot store, is a PoisonMessageError: dead-lettered at once with the reason.
 */
export function parseInappMessage(payload: unknown, amqp?: ConsumeMessage): InappAction {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new PoisonMessageError('invalid in-app message: not a JSON object');
  const unstorable = findUnstorableText(payload);
  if (unstorable)
    throw new PoisonMessageError(
      `invalid in-app message: ${unstorable.join('.') || '(message)'} holds a NUL or a lone surrogate`,
    );
  const body = payload as Record<string, unknown>;
  const fallbackId = amqp?.properties.messageId as unknown;
  const withId =
    body.id === undefined && typeof fallbackId === 'string' ? { ...body, id: fallbackId } : body;
  if (withId.action === undefined || withId.action === 'notify') {
    const parsed = notificationSchema.safeParse(withId);
    if (!parsed.success)
      throw new PoisonMessageError(`invalid in-app message: ${describeIssues(parsed.error)}`);
    return { action: 'notify', message: parsed.data };
  }
  const parsed = actionSchema.safeParse(withId);
  if (!parsed.success)
    throw new PoisonMessageError(`invalid in-app message: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
