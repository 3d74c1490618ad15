import type { Broker } from '../amqp/broker';
import { deadLetterQueueName } from '../amqp/topology';
import type { Metrics } from './metrics';

const SNAPSHOT_MS = 1_000;

/** Depth and consumer count of the queues a process works on (and their dead-letter queues). */
export function registerQueueMetrics(metrics: Metrics, broker: Broker, queues: string[]): void {
  const watched = queues.flatMap((queue) => [queue, deadLetterQueueName(queue)]);
  type Stats = Map<string, { messages: number; consumers: number }>;
  const stats = async (): Promise<Stats> => {
    const result: Stats = new Map();
    const channel = await broker.createChannel();
    try {
      for (const queue of watched) {
        const { messageCount, consumerCount } = await channel.checkQueue(queue);
        result.set(queue, { messages: messageCount, consumers: consumerCount });
      }
    } finally {
      await channel.close();
    }
    return result;
  };
  // Both gauges read one snapshot per scrape instead of checking every queue twice.
  let latest: { at: number; stats: Promise<Stats> } | null = null;
  const snapshot = (): Promise<Stats> => {
    if (!latest || Date.now() - latest.at > SNAPSHOT_MS) {
      latest = { at: Date.now(), stats: stats().catch((): Stats => new Map()) };
    }
    return latest.stats;
  };
  metrics.gauge('rabbitmq_queue_messages', 'Messages ready in the queue', ['queue'], async (g) => {
    for (const [queue, s] of await snapshot()) g.set({ queue }, s.messages);
  });
  metrics.gauge('rabbitmq_queue_consumers', 'Consumers of the queue', ['queue'], async (g) => {
    for (const [queue, s] of await snapshot()) g.set({ queue }, s.consumers);
  });
}
