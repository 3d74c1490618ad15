import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Connection, Client } from '@temporalio/client';
import { loadConfig } from '../../infra/config/config';
import { createKnex } from '../../infra/db/knex';
import { sampleConnections } from '../shared/connectionPeak';
import { sampleProcessCpu } from '../shared/processCpu';
import { bareLifecycleBaseline, figures } from './bareLifecycle';
import { fmt, runConcurrently, summary } from '../shared/stats';

/**
 * Intake benchmark against the running platform (`npm start`): N tickets from C concurrent clients.
 * Prints accepted tickets/s, intake latency percentiles, time from intake to "assigned" (the
 * assignee's in-app assignment notification is stored), the peak of open Postgres connections
 * during intake and assignment, and in the same run three baselines: a bare lifecycle (workflow
 * started the same way, one local activity writing one row), bare Temporal workflow starts/s and
 * plain Postgres single-row inserts/s, with ratios.
 *
 *   node --import tsx bench/intake/run.ts --tickets 2000 --concurrency 20 \
 *     --email requester1@helpdesk.local --password <dev password>
 *   node --import tsx bench/intake/run.ts --tickets 20 --concurrency 1 --gap-ms 1000   (idle)
 */
const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '20' },
    email: { type: 'string', default: 'requester1@helpdesk.local' },
    password: { type: 'string', default: 'requester-dev-password' },
    'assigned-timeout': { type: 'string', default: '300' },
    /** Pause between one client's tickets: with --concurrency 1, a gap of 1000 measures idle intake. */
    'gap-ms': { type: 'string', default: '0' },
  },
});
const N = Number(values.tickets);
const C = Number(values.concurrency);
const GAP_MS = Number(values['gap-ms']);
const config = loadConfig();

async function login(): Promise<string> {
  const response = await fetch(`${config.http.auth.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: values.email, password: values.password }),
  });
  if (!response.ok)
    throw new Error(`login failed: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function intake(
  token: string,
): Promise<{ ms: number; latencies: number[]; tickets: Map<string, number> }> {
  const latencies: number[] = [];
  const tickets = new Map<string, number>();
  const ms = await runConcurrently(N, C, async (i) => {
    const started = Date.now();
    const t0 = performance.now();
    const response = await fetch(`${config.http.ticket.url}/api/v1/tickets`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        subject: `Bench ticket ${i}`,
        description: 'Created by bench/intake',
        priority: 'medium',
        department: 'IT',
        category: 'Support',
      }),
    });
    latencies.push(performance.now() - t0);
    if (response.status !== 201)
      throw new Error(`intake failed: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { ticket: { number?: string; ticketNumber?: string } };
    tickets.set(String(body.ticket.number ?? body.ticket.ticketNumber), started);
    if (GAP_MS > 0) await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  });
  return { ms, latencies, tickets };
}

/** When each ticket's assignee got the in-app assignment notification (the first one). */
async function assignedAt(tickets: Map<string, number>): Promise<Map<string, number>> {
  const db = createKnex(config.postgres, config.databases.notification, 2);
  const deadline = Date.now() + Number(values['assigned-timeout']) * 1000;
  const numbers = [...tickets.keys()];
  try {
    for (;;) {
      const rows = await db('inapp_notifications')
        .where({ type: 'assignment' })
        .whereRaw("data->>'ticketNumber' = any(?)", [numbers])
        .select(db.raw("data->>'ticketNumber' as number"), 'created_at');
      if (rows.length >= numbers.length || Date.now() > deadline) {
        const first = new Map<string, number>();
        for (const row of rows as { number: string; created_at: Date }[]) {
          const at = row.created_at.getTime();
          if (!first.has(row.number) || at < (first.get(row.number) as number))
            first.set(row.number, at);
        }
        return first;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await db.destroy();
  }
}

async function temporalBaseline(): Promise<number> {
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const taskQueue = `bench-baseline-${randomUUID()}`;
  const ids: string[] = [];
  const ms = await runConcurrently(N, C, async (i) => {
    const id = `bench-baseline-${taskQueue}-${i}`;
    await client.workflow.start('benchBaseline', { taskQueue, workflowId: id, args: [] });
    ids.push(id);
  });
  await runConcurrently(ids.length, C, async (i) => {
    await client.workflow.getHandle(ids[i] as string).terminate('bench baseline cleanup');
  });
  await connection.close();
  return (N / ms) * 1000;
}

async function postgresBaseline(): Promise<number> {
  const db = createKnex(config.postgres, config.databases.ticket, C);
  const table = `bench_baseline_${randomUUID().replace(/-/g, '')}`;
  await db.schema.createTable(table, (t) => {
    t.bigIncrements('id');
    t.text('subject').notNullable();
    t.timestamp('created_at', { useTz: true }).defaultTo(db.fn.now());
  });
  try {
    const ms = await runConcurrently(N, C, async (i) => {
      await db(table).insert({ subject: `row ${i}` });
    });
    return (N / ms) * 1000;
  } finally {
    await db.schema.dropTable(table);
    await db.destroy();
  }
}

async function main(): Promise<void> {
  console.log(
    `intake bench: ${N} tickets, ${C} concurrent clients${GAP_MS > 0 ? `, ${GAP_MS} ms between a client's tickets` : ''}`,
  );
  const token = await login();
  const sampler = createKnex(config.postgres, 'postgres', 1);
  const connections = sampleConnections(sampler);
  const cpu = sampleProcessCpu();
  const run = await intake(token);
  const accepted = (N / run.ms) * 1000;
  const latency = summary(run.latencies);
  const ours = figures(run.tickets, await assignedAt(run.tickets));
  const toAssigned = ours.latencies;
  const assigned = summary(toAssigned);
  const cpuShares = cpu.stop();
  const { peak, max } = await connections.stop();
  await sampler.destroy();
  const bare = await bareLifecycleBaseline(config, N, C, GAP_MS);
  const bareLatency = summary(bare.latencies);
  const temporalStarts = await temporalBaseline();
  const pgInserts = await postgresBaseline();
  console.log(`accepted           ${fmt(accepted)} tickets/s`);
  console.log(
    `intake latency     p50 ${fmt(latency.p50)} ms  p95 ${fmt(latency.p95)} ms  p99 ${fmt(latency.p99)} ms`,
  );
  console.log(
    `intake → assigned  p50 ${fmt(assigned.p50)} ms  p99 ${fmt(assigned.p99)} ms  last ${fmt(Math.max(...toAssigned))} ms  (${toAssigned.length}/${N} assigned)`,
  );
  console.log(`Postgres connections peak ${peak} of max_connections ${max}`);
  console.log(
    `CPU during intake → assigned: ${cpuShares.map((s) => `${s.name} ${fmt(s.seconds, 1)} s`).join(', ')}`,
  );
  console.log(
    `baseline: bare lifecycle (start → one local activity's row) ${fmt(bare.perSecond)}/s  p50 ${fmt(bareLatency.p50)} ms  p99 ${fmt(bareLatency.p99)} ms`,
  );
  console.log(
    `ours/bare          throughput ${fmt(ours.perSecond / bare.perSecond, 2)}×  (${fmt(ours.perSecond)} vs ${fmt(bare.perSecond)} assigned/s)  latency p50 ${fmt(bareLatency.p50 / assigned.p50, 2)}×  p99 ${fmt(bareLatency.p99 / assigned.p99, 2)}× (bare ÷ ours; goal ≥ 0.5×)`,
  );
  console.log(
    `baseline: Temporal workflow starts ${fmt(temporalStarts)}/s  (intake = ${fmt(accepted / temporalStarts, 2)}×)`,
  );
  console.log(
    `baseline: Postgres single-row inserts ${fmt(pgInserts)}/s  (intake = ${fmt(accepted / pgInserts, 2)}×)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
