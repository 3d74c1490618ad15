import type { NotificationMessage } from '../domain/notifications';
import type { Broker } from '../infra/amqp/broker';
import { queueName } from '../infra/amqp/topology';

export interface NotificationDeps {
  broker: Broker;
}

/** Activities on RabbitMQ: notifications for the notification service. */
export function createNotificationActivities({ broker }: NotificationDeps) {
  return {
    /**
     * Publishes side by side and waits for every confirm; message ids come from the workflow, so
     * a retried publish is a duplicate the notification service drops.
     */
    async publishNotifications(input: {
      email: NotificationMessage[];
      inapp: NotificationMessage[];
    }): Promise<void> {
      const sends = [
        ...input.email.map((message) => ({ queue: 'notification' as const, message })),
        ...input.inapp.map((message) => ({ queue: 'inappNotification' as const, message })),
      ];
      await Promise.all(
        sends.map(({ queue, message }) =>
          broker.sendToQueue(queueName(broker.prefix, queue), message, { messageId: message.id }),
        ),
      );
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
