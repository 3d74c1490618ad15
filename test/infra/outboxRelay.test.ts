import type { Knex } from 'knex';
import { dropDatabase, ensureDatabases } from '../../infra/db/databases';
import { createKnex } from '../../infra/db/knex';
import { OutboxRelay, type FailurePolicy, type OutboxSpec } from '../../infra/outbox/relay';
import { eventually, silentLogger, testConfig, uniqueSuffix } from '../support/platform';

interface Row {
  id: string;
  body: string;
}

const config = testConfig();
const database = `test_outbox_${uniqueSuffix()}`;
let db: Knex;

/** An outbox table of either shape: bookkeeping columns only where failures back off per row. */
async function createOutbox(onFailure: FailurePolicy): Promise<string> {
  const table = `outbox_${uniqueSuffix()}`;
  await db.schema.createTable(table, (t) => {
    t.bigIncrements('id');
    t.text('body').notNullable();
    t.timestamp('delivered_at', { useTz: true });
    if (onFailure === 'backoff') {
      t.integer('attempts').notNullable().defaultTo(0);
      t.text('last_error');
      t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    }
  });
  return table;
}

async function insertRows(table: string, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => ({ body: `event ${i + 1}` }));
  await db(table).insert(rows);
}

function relayOf(
  table: string,
  onFailure: FailurePolicy,
  deliver: (row: Row) => Promise<void>,
  pollMs = 60_000,
  batchSize = 10,
): OutboxRelay<Row> {
  const spec: OutboxSpec<Row> = {
    name: table,
    table,
    columns: ['body'],
    deliveredColumn: 'delivered_at',
    onFailure,
    batchSize,
    deliver,
  };
  return new OutboxRelay(db, spec, silentLogger, pollMs);
}

/** Three rows; delivering `event 2` fails until heal(). Every delivery attempt is in `calls`. */
async function failingOnEvent2(onFailure: FailurePolicy) {
  const table = await createOutbox(onFailure);
  await insertRows(table, 3);
  const calls: string[] = [];
  let failing = true;
  const relay = relayOf(table, onFailure, (row) => {
    calls.push(row.body);
    if (row.body === 'event 2' && failing) return Promise.reject(new Error('broker away'));
    return Promise.resolve();
  });
  return { table, relay, calls, heal: () => (failing = false) };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await ensureDatabases(config.postgres, [database]);
  db = createKnex(config.postgres, database, 6);
});

afterAll(async () => {
  await db.destroy();
  await dropDatabase(config.postgres, database);
});

describe('outbox relay (infra/outbox/relay.ts) on the real Postgres', () => {
  it.each(['backoff', 'ordered'] as const)(
    'two %s relays racing over one outbox deliver each row exactly once when every delivery succeeds',
    async (onFailure) => {
      const table = await createOutbox(onFailure);
      await insertRows(table, 120);
      const deliveries = new Map<string, number>();
      const byRelay = [0, 0];
      const relays = [0, 1].map((n) =>
        relayOf(table, onFailure, async (row) => {
          await pause(1);
          deliveries.set(row.body, (deliveries.get(row.body) ?? 0) + 1);
          byRelay[n] = (byRelay[n] ?? 0) + 1;
        }),
      );
      const delivered = await Promise.all(relays.map((relay) => relay.flush()));
      expect(delivered[0]! + delivered[1]!).toBe(120);
      expect(deliveries.size).toBe(120);
      expect([...deliveries.values()].every((times) => times === 1)).toBe(true);
      expect(byRelay).toEqual(delivered);
      expect(await db(table).whereNull('delivered_at').count<{ count: string }[]>('*')).toEqual([
        { count: '0' },
      ]);
      expect(await Promise.all(relays.map((relay) => relay.flush()))).toEqual([0, 0]);
    },
  );

  it('backoff: a failed row waits with its error recorded while the others go on, then is retried', async () => {
    const { table, relay, calls, heal } = await failingOnEvent2('backoff');
    expect(await relay.flush()).toBe(2);
    const [failed] = await db(table)
      .where({ body: 'event 2' })
      .select<
        { delivered_at: Date | null; attempts: number; last_error: string; waits: boolean }[]
      >('delivered_at', 'attempts', 'last_error', db.raw('next_attempt_at > now() as waits'));
    expect(failed).toEqual({
      delivered_at: null,
      attempts: 1,
      last_error: 'broker away',
      waits: true,
    });
    // Not due yet: the next pass leaves it alone.
    expect(await relay.flush()).toBe(0);
    expect(calls).toEqual(['event 1', 'event 2', 'event 3']);
    heal();
    await pause(600); // the first backoff is 0.5 s
    expect(await relay.flush()).toBe(1);
    expect(calls).toEqual(['event 1', 'event 2', 'event 3', 'event 2']);
    expect(
      await db(table).where({ body: 'event 2' }).first('last_error', 'attempts'),
    ).toMatchObject({ last_error: null, attempts: 1 });
  });

  it('ordered: a failed row stops the pass so nothing overtakes it; the next pass resumes there', async () => {
    const { table, relay, calls, heal } = await failingOnEvent2('ordered');
    expect(await relay.flush()).toBe(1);
    expect(calls).toEqual(['event 1', 'event 2']);
    expect(await db(table).whereNull('delivered_at').orderBy('id').pluck('body')).toEqual([
      'event 2',
      'event 3',
    ]);
    heal();
    expect(await relay.flush()).toBe(2);
    expect(calls).toEqual(['event 1', 'event 2', 'event 2', 'event 3']);
  });

  it('polls on its own once started, and stop() waits for the batch in flight, then polls no more', async () => {
    const table = await createOutbox('backoff');
    await insertRows(table, 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = 0;
    const relay = relayOf(
      table,
      'backoff',
      async () => {
        entered += 1;
        if (entered === 1) await gate;
      },
      50,
    );
    relay.start();
    await eventually(() => expect(entered).toBe(1));
    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await pause(200);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await db(table).whereNotNull('delivered_at').count<{ count: string }[]>('*')).toEqual([
      { count: '1' },
    ]);
    await insertRows(table, 1);
    await pause(300); // six poll periods
    expect(entered).toBe(1);
    expect(await db(table).whereNull('delivered_at').count<{ count: string }[]>('*')).toEqual([
      { count: '1' },
    ]);
  });
});
