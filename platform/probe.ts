import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { platformProbe } from '../workflows';
import type { Broker } from '../infra/amqp/broker';
import { PROBE_EXCHANGE } from '../infra/amqp/topology';

export interface ProbeResult {
  probeId: string;
  workflowId: string;
  elapsedMs: number;
}

/**
 * Starts a platformProbe workflow and waits for the RabbitMQ message its activity publishes:
 * proof that Temporal, a worker, Postgres and RabbitMQ work together.
 */
export async function runPlatformProbe(
  client: Client,
  broker: Broker,
  taskQueue: string,
  timeoutMs = 20_000,
): Promise<ProbeResult> {
  const started = Date.now();
  const probeId = randomUUID();
  const workflowId = `probe-${probeId}`;
  const channel = await broker.createChannel();
  try {
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, `${broker.prefix}${PROBE_EXCHANGE}`, probeId);
    const received = new Promise<void>((resolve) => {
      void channel.consume(
        queue,
        (message) => {
          if (message?.properties.messageId === probeId) resolve();
        },
        { noAck: true },
      );
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`probe ${probeId} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([
        Promise.all([
          client.workflow.execute<typeof platformProbe>('platformProbe', {
            taskQueue,
            workflowId,
            args: [probeId],
          }),
          received,
        ]),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
    return { probeId, workflowId, elapsedMs: Date.now() - started };
  } finally {
    await channel.close();
  }
}
