import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { ensureDatabases } from '../../infra/db/databases';
import { createKnex } from '../../infra/db/knex';
import { migrateService } from '../../infra/db/migrate';
import { seedPlatform } from '../../platform/seed';
import type { ServiceName } from '../../infra/config/services';
import { benchConfig, BENCH_SERVICES } from './databases';
import { SEED_PARTS, SEQUENCES } from './parts';

/**
 * Seeds the million-ticket bench into its own databases (`*_bench1m`, see databases.ts): the
 * services' migrations, the demo users and definitions, then 1,000,000 tickets with history rows
 * and ratings, their tasks, and comments on a tenth of them, as INSERT … SELECT batches over
 * generate_series. Each batch commits with its progress, so a second run resumes (or does nothing).
 *
 *   node --import tsx bench/million/seed.ts [--tickets 1000000] [--batch 50000]
 */
const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '50000' },
  },
});
const TOTAL = Number(values.tickets);
const BATCH = Number(values.batch);
const config = benchConfig();

async function prepare(): Promise<void> {
  await ensureDatabases(
    config.postgres,
    BENCH_SERVICES.map((s) => config.databases[s]),
  );
  for (const service of BENCH_SERVICES) {
    const db = createKnex(config.postgres, config.databases[service], 1);
    try {
      const applied = await migrateService(db, service);
      console.log(`${config.databases[service]}: ${applied.length} migration(s) applied`);
    } finally {
      await db.destroy();
    }
  }
  await seedPlatform(config);
}

async function people(auth: Knex): Promise<Record<string, string>> {
  const rows = await auth<{ id: string; email: string }>('users')
    .whereIn('email', [
      'requester1@helpdesk.local',
      'requester2@helpdesk.local',
      'it1@helpdesk.local',
      'it2@helpdesk.local',
    ])
    .select('id', 'email');
  const idOf = (email: string): string => {
    const row = rows.find((r) => r.email === email);
    if (!row) throw new Error(`demo user ${email} missing from ${config.databases.auth}`);
    return String(row.id);
  };
  return {
    requester1: idOf('requester1@helpdesk.local'),
    requester2: idOf('requester2@helpdesk.local'),
    it1: idOf('it1@helpdesk.local'),
    it2: idOf('it2@helpdesk.local'),
  };
}

async function seedPart(
  db: Knex,
  part: (typeof SEED_PARTS)[number],
  bindings: Record<string, string>,
): Promise<boolean> {
  const done = (await db('bench_seed_progress').where({ part: part.name }).first()) as
    { done_until: number } | undefined;
  let from = (done?.done_until ?? 0) + 1;
  if (from > TOTAL) return false;
  while (from <= TOTAL) {
    const to = Math.min(TOTAL, from + BATCH - 1);
    const started = performance.now();
    await db.transaction(async (trx) => {
      await trx.raw('set local synchronous_commit = off');
      await trx.raw(part.sql, { ...bindings, from, to });
      await trx.raw(
        `insert into bench_seed_progress (part, done_until) values (?, ?)
         on conflict (part) do update set done_until = excluded.done_until`,
        [part.name, to],
      );
    });
    console.log(
      `${part.name}: tickets ${from}–${to} in ${Math.round(performance.now() - started)} ms`,
    );
    from = to + 1;
  }
  return true;
}

async function seedService(service: ServiceName, bindings: Record<string, string>): Promise<void> {
  const db = createKnex(config.postgres, config.databases[service], 1);
  try {
    await db.raw(
      'create table if not exists bench_seed_progress (part text primary key, done_until int not null)',
    );
    let changed = false;
    for (const part of SEED_PARTS.filter((p) => p.service === service)) {
      changed = (await seedPart(db, part, bindings)) || changed;
    }
    if (!changed) return;
    for (const sql of SEQUENCES[service] ?? []) await db.raw(sql);
    const started = performance.now();
    await db.raw('vacuum analyze');
    console.log(
      `${config.databases[service]}: vacuum analyze in ${Math.round(performance.now() - started)} ms`,
    );
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  await prepare();
  const auth = createKnex(config.postgres, config.databases.auth, 1);
  const workflow = createKnex(config.postgres, config.databases.workflow, 1);
  try {
    const definition = (await workflow('workflow_definitions').min('id as id').first()) as {
      id: string;
    };
    const bindings = { ...(await people(auth)), definition: String(definition.id) };
    for (const service of ['ticket', 'workflow', 'messaging'] as const) {
      await seedService(service, bindings);
    }
  } finally {
    await auth.destroy();
    await workflow.destroy();
  }
  console.log(
    `seeded ${TOTAL} tickets into ${BENCH_SERVICES.map((s) => config.databases[s]).join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
