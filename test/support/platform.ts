import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import pino from 'pino';
import { Broker } from '../../infra/amqp/broker';
import {
  deadLetterQueueName,
  LIVE_EXCHANGE,
  PROBE_EXCHANGE,
  QUEUES,
  queueName,
  type QueueKey,
} from '../../infra/amqp/topology';
import { loadConfig, type PlatformConfig } from '../../infra/config/config';
import type { ServiceName } from '../../infra/config/services';
import { dropDatabase, ensureDatabases } from '../../infra/db/databases';
import { createKnex } from '../../infra/db/knex';
import { migrateService } from '../../infra/db/migrate';
import type { Logger } from '../../infra/logging/logger';
import { WORKFLOW_BUNDLE_PATH } from './paths';

export const uniqueSuffix = (): string => randomBytes(4).toString('hex');

/**
 * Config of one test file: its own queue prefix and task queue, so files running side by side
 * never see each other's messages or workflow tasks.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): PlatformConfig {
  const suffix = uniqueSuffix();
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    AMQP_QUEUE_PREFIX: `test-${suffix}.`,
    TEMPORAL_TASK_QUEUE: `test-${suffix}`,
    TICKET_NUMBER_PREFIX: `T${suffix.toUpperCase()}`,
    ...overrides,
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });

export interface TestDatabase {
  name: string;
  db: Knex;
  drop(): Promise<void>;
}

/** A fresh, migrated database of one service, for one test file. */
export async function createTestDatabase(
  config: PlatformConfig,
  service: ServiceName,
): Promise<TestDatabase> {
  const name = `test_${service}_${uniqueSuffix()}`;
  await ensureDatabases(config.postgres, [name]);
  const db = createKnex(config.postgres, name, 5);
  await migrateService(db, service);
  return {
    name,
    db,
    drop: async () => {
      await db.destroy();
      await dropDatabase(config.postgres, name);
    },
  };
}

export async function connectTestBroker(config: PlatformConfig): Promise<Broker> {
  return Broker.connect({ ...config.amqp, logger: silentLogger, initialMaxRetries: 3 });
}

export async function connectTestClient(config: PlatformConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

export function workflowBundle(): { code: string } {
  return { code: readFileSync(WORKFLOW_BUNDLE_PATH, 'utf8') };
}

/** Removes the durable queues and the probe exchange a test's queue prefix created. */
export async function deleteTestTopology(broker: Broker): Promise<void> {
  const channel = await broker.createChannel();
  try {
    for (const key of Object.keys(QUEUES) as QueueKey[]) {
      const queue = queueName(broker.prefix, key);
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueName(queue));
    }
    await channel.deleteExchange(`${broker.prefix}${PROBE_EXCHANGE}`);
    await channel.deleteExchange(`${broker.prefix}${LIVE_EXCHANGE}`);
  } finally {
    await channel.close();
  }
}

/** Retries an assertion until it passes: for side effects that land shortly after a state change. */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Terminates the workflows a test left running on its task queue, so the shared namespace (and
 * the Web UI of a developer's platform) is not littered with tickets nobody will ever work.
 */
export async function terminateTestWorkflows(client: Client, taskQueue: string): Promise<number> {
  let terminated = 0;
  const running = client.workflow.list({
    query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
  });
  for await (const execution of running) {
    await client.workflow
      .getHandle(execution.workflowId, execution.runId)
      .terminate('test finished')
      .then(() => (terminated += 1))
      .catch(() => undefined);
  }
  return terminated;
}
