import type { NotificationMessage } from '../../domain/notifications';
import type { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';

/** A service's notification, without the time: it is queued now. */
export type QueuedNotification = Omit<NotificationMessage, 'createdAt'>;

/** Queues services' notifications on the channel's queue, each under its own message id. */
export async function queueNotifications(
  broker: Broker,
  channel: 'email' | 'inapp',
  messages: QueuedNotification[],
): Promise<number> {
  const queue = queueName(
    broker.prefix,
    channel === 'email' ? 'notification' : 'inappNotification',
  );
  const createdAt = new Date().toISOString();
  for (const message of messages) {
    await broker.sendToQueue(queue, { ...message, createdAt }, { messageId: message.id });
  }
  return messages.length;
}
