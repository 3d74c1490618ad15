import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { NotificationMessage } from '../../domain/notifications';
import type { RoleSyncEvent, UserSystemRoleSyncEvent } from '../../domain/roleSync';
import type { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import type { Logger } from '../../infra/logging/logger';

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

/**
 * Publishes the outbox (tts.role.sync / tts.user_system_role.sync, and sign-in alerts on the
 * notification queues) in order, persistent and
 * confirmed, with the event id as message id (consumers dedupe on it). A broker outage only
 * delays: rows stay pending and the next pass retries them.
 */
export class SyncOutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;

  constructor(
    private readonly db: Knex,
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly pollMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.pass ??= this.flush()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'outbox relay failed; retrying'),
        )
        .finally(() => {
          this.pass = null;
        });
    }, this.pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pass;
  }

  /** Publishes everything pending now; returns the number of events published. */
  async flush(): Promise<number> {
    return this.db.transaction(async (trx) => {
      const rows = await trx('sync_outbox')
        .whereNull('published_at')
        .orderBy('id')
        .limit(500)
        .forUpdate()
        .skipLocked()
        .select<{ id: string; queue: Queue; event: { id: string } }[]>('id', 'queue', 'event');
      for (const row of rows) {
        await this.broker.sendToQueue(queueName(this.broker.prefix, row.queue), row.event, {
          messageId: row.event.id,
        });
        await trx('sync_outbox').where({ id: row.id }).update({ published_at: trx.fn.now() });
      }
      return rows.length;
    });
  }
}
