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
     * Publishes with confirms; message ids come from the workflow, so a retried publish is a
     * duplicate the notification service drops.
     */
    async publishNotifications(input: {
      email: NotificationMessage[];
      inapp: NotificationMessage[];
    }): Promise<void> {
      for (const message of input.email) {
        await broker.sendToQueue(queueName(broker.prefix, 'notification'), message, {
          messageId: message.id,
        });
      }
      for (const message of input.inapp) {
        await broker.sendToQueue(queueName(broker.prefix, 'inappNotification'), message, {
          messageId: message.id,
        });
      }
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
