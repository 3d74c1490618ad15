import type { Knex } from 'knex';
import type { NotificationMessage } from '../../../domain/notifications';
import { PoisonMessageError, type MessageHandler } from '../../../infra/amqp/broker';
import type { Logger } from '../../../infra/logging/logger';
import type { EmailSender } from '../email';
import { markNotificationRead } from '../inbox';
import { describeIssues, notificationSchema, parseInappMessage } from './inappMessages';
import type { RecipientDirectory } from '../recipients';
import { render } from '../templates';

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
    const parsed = notificationSchema.safeParse(payload);
    if (!parsed.success)
      throw new PoisonMessageError(`invalid email notification: ${describeIssues(parsed.error)}`);
    const message = parsed.data;
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

/** One in-app notification to store, keyed by the message id it came from. */
interface InappRow {
  messageId: string;
  userId: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

/**
 * Stores notifications once each (unique message id) with their delivery records in one
 * transaction; answers the ones stored now, not those a redelivery had stored already.
 */
async function storeInapp(db: Knex, rows: InappRow[]): Promise<InappCreated[]> {
  return db.transaction(async (trx) => {
    const stored = await trx('inapp_notifications')
      .insert(
        rows.map((row) => ({
          message_id: row.messageId,
          user_id: row.userId,
          type: row.type,
          title: row.title,
          body: row.body,
          data: row.data,
        })),
      )
      .onConflict('message_id')
      .ignore()
      .returning<{ id: string; message_id: string; created_at: Date }[]>([
        'id',
        'message_id',
        'created_at',
      ]);
    await trx('deliveries')
      .insert(
        rows.map((row) => ({
          message_id: row.messageId,
          channel: 'inapp',
          type: row.type,
          recipient_user_id: row.userId,
          status: 'sent',
        })),
      )
      .onConflict(['message_id', 'channel'])
      .ignore();
    const byMessage = new Map(rows.map((row) => [row.messageId, row]));
    return stored.flatMap((created) => {
      const row = byMessage.get(created.message_id);
      return row
        ? [
            {
              id: String(created.id),
              userId: row.userId,
              type: row.type,
              title: row.title,
              body: row.body,
              createdAt: created.created_at.toISOString(),
            },
          ]
        : [];
    });
  });
}

/** The original's create_inapp_notification arguments as a row to store. */
function originalRow(
  messageId: string,
  fields: {
    user_id: string;
    subject: string;
    message: string;
    notification_type: string;
    related_ticket_number?: string | null | undefined;
    metadata?: Record<string, unknown> | null | undefined;
  },
): InappRow {
  return {
    messageId,
    userId: fields.user_id,
    type: fields.notification_type,
    title: fields.subject,
    body: fields.message,
    data: {
      ...(fields.metadata ?? {}),
      ...(fields.related_ticket_number ? { ticketNumber: fields.related_ticket_number } : {}),
    },
  };
}

/** A mark_read whose notification is not (yet) stored: retried, then dead-lettered. */
export class UnknownNotificationError extends Error {
  override readonly name = 'UnknownNotificationError';
}

/**
 * inapp-notification-queue. The platform's templated notifications and the original's `create`
 * and `bulk_create` are stored once per message id (a bulk's items as `<id>#<index>`) with their
 * delivery records, then handed to the live push; `mark_read` marks one notification read (of
 * its user, when named) and is harmless twice; a notification it names that is not stored yet
 * (a create still queued behind it) is retried with backoff, then dead-lettered. Malformed
 * messages are dead-lettered at once (see parseInappMessage), logged by the broker.
 */
export function inappHandler(deps: {
  db: Knex;
  onCreated: (created: InappCreated) => void;
  /** A notification marked read by a queue message: its user's open views recount. */
  onRead?: (read: { id: string; userId: string }) => void;
  logger?: Logger;
}): MessageHandler {
  return async (payload, amqp) => {
    const parsed = parseInappMessage(payload, amqp);
    let rows: InappRow[];
    switch (parsed.action) {
      case 'notify': {
        const { message } = parsed;
        const userId = message.recipient.userId;
        if (!userId) {
          await recordDelivery(
            deps.db,
            message,
            'inapp',
            'skipped',
            null,
            'in-app needs a user id',
          );
          return;
        }
        const { subject, summary } = render(message);
        rows = [
          {
            messageId: message.id,
            userId,
            type: message.type,
            title: subject,
            body: summary,
            data: message.data,
          },
        ];
        break;
      }
      case 'create':
        rows = [originalRow(parsed.id, parsed)];
        break;
      case 'bulk_create':
        rows = parsed.notifications.map((fields, index) =>
          originalRow(`${parsed.id}#${index}`, fields),
        );
        break;
      case 'mark_read': {
        const owner = await markNotificationRead(deps.db, parsed.notification_id, parsed.user_id);
        if (owner === null)
          throw new UnknownNotificationError(
            `mark_read ${parsed.id}: no notification ${parsed.notification_id}${parsed.user_id ? ` of user ${parsed.user_id}` : ''}`,
          );
        deps.onRead?.({ id: parsed.notification_id, userId: owner });
        deps.logger?.info({ messageId: parsed.id }, 'in-app notification marked read');
        return;
      }
    }
    for (const created of await storeInapp(deps.db, rows)) deps.onCreated(created);
  };
}
