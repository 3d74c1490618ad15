import type { Channel } from 'amqplib';

/** Queue names kept from the original system. */
export const QUEUES = {
  notification: 'notification-queue',
  inappNotification: 'inapp-notification-queue',
  roleSync: 'tts.role.sync',
  userSystemRoleSync: 'tts.user_system_role.sync',
  workflowSeed: 'workflow_seed_queue',
} as const;

export type QueueKey = keyof typeof QUEUES;

/**
 * Fanout exchange of live ticket events (comments, typing, presence, status): every messaging
 * instance binds its own exclusive queue, so each instance receives each event once.
 */
export const LIVE_EXCHANGE = 'messaging.live';

/** Direct exchange the platform probe answers on, routed by probe id. */
export const PROBE_EXCHANGE = 'platform.probe';

export function queueName(prefix: string, key: QueueKey): string {
  return `${prefix}${QUEUES[key]}`;
}

export function deadLetterQueueName(queue: string): string {
  return `${queue}.dlq`;
}

/** Declares every durable queue with its dead-letter queue, and the probe exchange. Idempotent. */
export async function assertTopology(channel: Channel, prefix: string): Promise<void> {
  for (const key of Object.keys(QUEUES) as QueueKey[]) {
    const queue = queueName(prefix, key);
    const dlq = deadLetterQueueName(queue);
    await channel.assertQueue(dlq, { durable: true });
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq },
    });
  }
  await channel.assertExchange(`${prefix}${PROBE_EXCHANGE}`, 'direct', { durable: true });
  await channel.assertExchange(`${prefix}${LIVE_EXCHANGE}`, 'fanout', { durable: true });
}
