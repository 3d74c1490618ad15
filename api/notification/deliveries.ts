import type { Knex } from 'knex';
import { z } from 'zod';
import { NOTIFICATION_TYPES, type NotificationMessage } from '../../domain/notifications';
import type { MessageHandler } from '../../infra/amqp/broker';
import type { Logger } from '../../infra/logging/logger';
import type { EmailSender } from './email';
import type { RecipientDirectory } from './recipients';
import { render } from './templates';

const messageSchema = z.object({
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

/** A new in-app notification, for whoever shows it live. */
export interface InappCreated {
  id: string;
  userId: string;
  type: string;
  title: string;
  body: string;
  createdAt: string;
}

async function alreadyDelivered(
  db: Knex,
  messageId: string,
  channel: 'email' | 'inapp',
): Promise<boolean> {
  return (await db('deliveries').where({ message_id: messageId, channel }).first()) !== undefined;
}

async function recordDelivery(
  db: Knex,
  message: NotificationMessage,
  channel: 'email' | 'inapp',
  status: 'sent' | 'skipped',
  email: string | null,
  detail?: string,
): Promise<void> {
  await db('deliveries')
    .insert({
      message_id: message.id,
      channel,
      type: message.type,
      recipient_user_id: message.recipient.userId ?? null,
      recipient_email: email,
      status,
      detail: detail ?? null,
    })
    .onConflict(['message_id', 'channel'])
    .ignore();
}

/**
 * notification-queue: render and send one email, then record it. A per-message advisory lock
 * (held in a transaction for the send) serializes copies of one message: a duplicate waits, then
 * sees the record and sends nothing; if the holder dies, its lock dies with its connection and the
 * redelivered message is sent. Malformed messages fail validation and are dead-lettered.
 */
export function emailHandler(deps: {
  db: Knex;
  sender: EmailSender;
  directory: RecipientDirectory;
  logger: Logger;
}): MessageHandler {
  return async (payload) => {
    const message = messageSchema.parse(payload);
    await deps.db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`email:${message.id}`]);
      if (await alreadyDelivered(trx, message.id, 'email')) return;
      const to = await deps.directory.emailOf(message.recipient);
      if (!to) {
        await recordDelivery(
          trx,
          message,
          'email',
          'skipped',
          null,
          'recipient has no email address',
        );
        return;
      }
      const { subject, text, html } = render(message);
      await deps.sender.send({ to, subject, text, html, messageId: message.id });
      await recordDelivery(trx, message, 'email', 'sent', to);
    });
    deps.logger.info({ messageId: message.id, type: message.type }, 'email handled');
  };
}

/**
 * inapp-notification-queue: store the notification once (unique message id) in the same
 * transaction as its delivery record, then hand it to the live push.
 */
export function inappHandler(deps: {
  db: Knex;
  onCreated: (created: InappCreated) => void;
}): MessageHandler {
  return async (payload) => {
    const message = messageSchema.parse(payload);
    const userId = message.recipient.userId;
    if (!userId) {
      await recordDelivery(deps.db, message, 'inapp', 'skipped', null, 'in-app needs a user id');
      return;
    }
    const { subject, summary } = render(message);
    const created = await deps.db.transaction(async (trx) => {
      const [row] = await trx('inapp_notifications')
        .insert({
          message_id: message.id,
          user_id: userId,
          type: message.type,
          title: subject,
          body: summary,
          data: message.data,
        })
        .onConflict('message_id')
        .ignore()
        .returning<{ id: string; created_at: Date }[]>(['id', 'created_at']);
      await recordDelivery(trx, message, 'inapp', 'sent', null);
      return row;
    });
    if (created) {
      deps.onCreated({
        id: String(created.id),
        userId,
        type: message.type,
        title: subject,
        body: summary,
        createdAt: created.created_at.toISOString(),
      });
    }
  };
}
