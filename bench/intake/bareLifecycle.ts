import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import type { PlatformConfig } from '../../infra/config/config';
import { createKnex } from '../../infra/db/knex';
import { runConcurrently } from '../shared/stats';

export interface BareActivities {
  writeRow(workflowId: string): Promise<void>;
}

export interface LifecycleFigures {
  /** Start of the first request to the last effect, per second. */
  perSecond: number;
  /** Per ticket: from its start request to its effect (a row, or the assignment notification). */
  latencies: number[];
}

/**
 * The same run's floor for the lifecycle: `count` workflows started like tickets (workflow id,
 * task queue, concurrency, pause) whose whole life is one local activity writing one row, then a
 * wait, on a worker with default options in a process of its own (bareWorker.ts), as the
 * platform's is. Ours/bare says what the product adds.
 */
export async function bareLifecycleBaseline(
  config: PlatformConfig,
  count: number,
  concurrency: number,
  gapMs: number,
): Promise<LifecycleFigures> {
  const db = createKnex(config.postgres, config.databases.workflow, 4);
  const table = `bench_bare_${randomUUID().replace(/-/g, '')}`;
  await db.schema.createTable(table, (t) => {
    t.string('workflow_id', 200).primary();
    t.timestamp('written_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  const taskQueue = `bench-bare-${randomUUID()}`;
  const worker = fork(path.join(__dirname, 'bareWorker.ts'), [taskQueue, table], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => worker.once('message', resolve));
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const started = new Map<string, number>();
  try {
    await runConcurrently(count, concurrency, async (i) => {
      const workflowId = `${taskQueue}-${i}`;
      started.set(workflowId, Date.now());
      await client.workflow.start('bareLifecycle', { taskQueue, workflowId, args: [] });
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    });
    const written = await rowsWritten(db, table, count);
    await runConcurrently(started.size, concurrency, async (i) => {
      await client.workflow.getHandle(`${taskQueue}-${i}`).terminate('bench cleanup');
    });
    return figures(started, written);
  } finally {
    worker.disconnect();
    await connection.close();
    await db.schema.dropTable(table);
    await db.destroy();
  }
}

async function rowsWritten(db: Knex, table: string, count: number): Promise<Map<string, number>> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const rows = await db(table).select<{ workflow_id: string; written_at: Date }[]>();
    if (rows.length >= count || Date.now() > deadline) {
      return new Map(rows.map((row) => [row.workflow_id, row.written_at.getTime()]));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Throughput and latencies of any lifecycle from its start times and effect times. */
export function figures(started: Map<string, number>, done: Map<string, number>): LifecycleFigures {
  const latencies = [...done].map(([key, at]) => at - (started.get(key) as number));
  const first = Math.min(...started.values());
  const last = Math.max(...done.values());
  return { perSecond: (done.size / Math.max(1, last - first)) * 1000, latencies };
}
