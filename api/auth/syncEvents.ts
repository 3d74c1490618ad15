import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { NotificationMessage } from '../../domain/notifications';
import type { RoleSyncEvent, UserSystemRoleSyncEvent } from '../../domain/roleSync';
import type { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import type { Logger } from '../../infra/logging/logger';
import { OutboxRelay } from '../../infra/outbox/relay';

/** Each queue the outbox publishes to and the events it carries. */
interface SyncEvents {
  roleSync: RoleSyncEvent;
  userSystemRoleSync: UserSystemRoleSyncEvent;
  notification: NotificationMessage;
  inappNotification: NotificationMessage;
}
type Queue = keyof SyncEvents;

/** Writes a sync event in the caller's transaction: it is published if and only if the change commits. */
export async function enqueueSyncEvent<Q extends Queue>(
  trx: Knex,
  queue: Q,
  event: Omit<SyncEvents[Q], 'id' | 'occurredAt'>,
): Promise<void> {
  await trx('sync_outbox').insert({
    queue,
    event: JSON.stringify({ ...event, id: randomUUID(), occurredAt: new Date().toISOString() }),
  });
}

/**
 * Writes a notification for both channels (notification-queue and inapp-notification-queue, one
 * id: each channel delivers it once) in the caller's transaction. What a request must not wait
 * for or fail on (sign-in alerts) goes this way: the answer does not depend on the broker.
 */
export async function enqueueNotification(trx: Knex, message: NotificationMessage): Promise<void> {
  await trx('sync_outbox').insert(
    (['notification', 'inappNotification'] as const).map((queue) => ({
      queue,
      event: JSON.stringify(message),
    })),
  );
}

interface SyncOutboxRow {
  id: string;
  queue: Queue;
  event: { id: string };
}

/**
 * Publishes the outbox (tts.role.sync / tts.user_system_role.sync, and sign-in alerts on the
 * notification queues) in order, persistent and confirmed, with the event id as message id
 * (consumers dedupe on it). A broker outage only delays: the pass stops at the first event that
 * could not be published, so none overtakes it, and the next pass retries from there.
 */
export class SyncOutboxRelay extends OutboxRelay<SyncOutboxRow> {
  constructor(db: Knex, broker: Broker, logger: Logger, pollMs = 1_000) {
    super(
      db,
      {
        name: 'sync events',
        table: 'sync_outbox',
        columns: ['queue', 'event'],
        deliveredColumn: 'published_at',
        onFailure: 'ordered',
        batchSize: 500,
        deliver: (row) =>
          broker.sendToQueue(queueName(broker.prefix, row.queue), row.event, {
            messageId: row.event.id,
          }),
        describe: (row) => ({ queue: row.queue, eventId: row.event.id }),
      },
      logger,
      pollMs,
    );
  }
}
