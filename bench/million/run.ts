import { parseArgs } from 'node:util';
import pg from 'pg';
import { fmt, summary } from '../shared/stats';
import { startBenchApps, type BenchApps } from './apps';
import { benchConfig } from './databases';
import { GOAL_MS, REQUESTS, type BenchRequest, type Caller, type SeededData } from './requests';

/**
 * Million-ticket read bench (seed first: bench/million/seed.ts). Starts the auth, ticket and
 * workflow apps in this process against the `*_bench1m` databases, signs in as a requester, an
 * agent and an admin, and times each named request of requests.ts through the HTTP API, one at a
 * time; in the same iteration it replays the SQL that request ran on a bare `pg` pool (the
 * baseline: what the database alone costs). Prints p50/p99 of both per request, and with
 * --explain N the EXPLAIN (ANALYZE, BUFFERS) of the N slowest requests' queries.
 *
 *   node --import tsx bench/million/run.ts [--iterations 200] [--max-seconds 20] [--only search]
 *     [--explain 3]
 */
const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200' },
    'max-seconds': { type: 'string', default: '20' },
    only: { type: 'string' },
    explain: { type: 'string', default: '0' },
  },
});
const ITERATIONS = Number(values.iterations);
const MAX_MS = Number(values['max-seconds']) * 1000;
const config = benchConfig();

const CREDENTIALS: Record<Caller, { email: string; password: string }> = {
  requester: { email: 'requester1@helpdesk.local', password: 'requester-dev-password' },
  agent: { email: 'it1@helpdesk.local', password: 'agent-dev-password' },
  admin: { email: 'admin@helpdesk.local', password: 'admin-dev-password' },
};

interface Query {
  sql: string;
  bindings: unknown[];
}
interface Result {
  request: BenchRequest;
  http: number[];
  sql: number[];
  queries: Query[];
}

async function signIn(authUrl: string, caller: Caller): Promise<string> {
  const response = await fetch(`${authUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CREDENTIALS[caller]),
  });
  if (!response.ok) throw new Error(`sign-in as ${caller}: HTTP ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

class Bench {
  private readonly captured: Query[] = [];
  private readonly pools: Record<BenchRequest['service'], pg.Pool>;

  constructor(
    private readonly apps: BenchApps,
    private readonly tokens: Record<Caller, string>,
    private readonly data: SeededData,
  ) {
    const pool = (database: string) => new pg.Pool({ ...config.postgres, database, max: 4 });
    this.pools = {
      ticket: pool(config.databases.ticket),
      workflow: pool(config.databases.workflow),
    };
    for (const db of Object.values(apps.dbs)) {
      db.on('query', (query: Query) => this.captured.push(query));
    }
  }

  /** One call through HTTP: its time, the queries it ran and its body. */
  async call(
    request: BenchRequest,
    path: string,
  ): Promise<{ ms: number; queries: Query[]; body: unknown }> {
    this.captured.length = 0;
    const started = performance.now();
    const response = await fetch(`${this.apps.urls[request.service]}${path}`, {
      headers: { authorization: `Bearer ${this.tokens[request.as]}` },
    });
    const body: unknown = await response.json();
    const ms = performance.now() - started;
    if (response.status !== 200)
      throw new Error(
        `${request.name}: ${path} answered ${response.status} ${JSON.stringify(body)}`,
      );
    return { ms, queries: this.captured.splice(0), body };
  }

  /** The same queries on a bare pg pool, concurrently as the app ran them. */
  async replay(service: BenchRequest['service'], queries: Query[]): Promise<number> {
    const started = performance.now();
    await Promise.all(queries.map((query) => this.pools[service].query(query.sql, query.bindings)));
    return performance.now() - started;
  }

  /** The path with the cursor `deepPage` pages in, following each page's nextCursor. */
  async deepen(request: BenchRequest, path: string): Promise<string> {
    let cursor: string | null = null;
    for (let page = 0; page < (request.deepPage ?? 0); page++) {
      const { body } = await this.call(request, withCursor(path, cursor));
      cursor = (body as { nextCursor: string | null }).nextCursor;
      if (!cursor) throw new Error(`${request.name}: fewer than ${request.deepPage} pages`);
    }
    return withCursor(path, cursor);
  }

  async measure(request: BenchRequest): Promise<Result> {
    const result: Result = { request, http: [], sql: [], queries: [] };
    for (let i = 0; i < 3; i++) await this.call(request, request.path(i, this.data));
    const started = performance.now();
    for (let i = 0; i < ITERATIONS && performance.now() - started < MAX_MS; i++) {
      const path = request.deepPage
        ? await this.deepen(request, request.path(i, this.data))
        : request.path(i, this.data);
      const call = await this.call(request, path);
      result.http.push(call.ms);
      result.sql.push(await this.replay(request.service, call.queries));
      if (i === 0) result.queries = call.queries;
    }
    return result;
  }

  async explain(result: Result): Promise<void> {
    for (const query of result.queries) {
      const plan = await this.pools[result.request.service].query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${query.sql}`,
        query.bindings,
      );
      console.log(`\n-- ${result.request.family} / ${result.request.name}: ${literal(query)}`);
      console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.end()));
  }
}

const withCursor = (path: string, cursor: string | null): string =>
  cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path;

/** The query (knex hands over native `$n` SQL) with its parameters written in, for the README. */
const literal = (query: Query): string =>
  query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = query.bindings[Number(n) - 1];
    if (value instanceof Date) return `'${value.toISOString()}'`;
    if (Array.isArray(value)) return `'{${value.join(',')}}'`;
    return typeof value === 'number' ? String(value) : `'${String(value)}'`;
  });

function print(results: Result[]): void {
  console.log(
    `\n${'family'.padEnd(15)} ${'request'.padEnd(30)} ${'n'.padStart(4)}  HTTP p50    p99   SQL p50    p99  goal`,
  );
  for (const { request, http, sql } of results) {
    const h = summary(http);
    const s = summary(sql);
    const goal = GOAL_MS[request.family];
    console.log(
      `${request.family.padEnd(15)} ${request.name.padEnd(30)} ${String(http.length).padStart(4)} ${fmt(h.p50).padStart(8)} ${fmt(h.p99).padStart(6)} ${fmt(s.p50).padStart(8)} ${fmt(s.p99).padStart(6)}  ${h.p99 <= goal ? 'ok' : 'MISS'} (p99 ≤ ${goal} ms)`,
    );
  }
}

async function main(): Promise<void> {
  const apps = await startBenchApps(config);
  try {
    const tokens = {
      requester: await signIn(apps.urls.auth, 'requester'),
      agent: await signIn(apps.urls.auth, 'agent'),
      admin: await signIn(apps.urls.auth, 'admin'),
    };
    const newest = (await apps.dbs.ticket('tickets').max('created_at as latest').first()) as {
      latest: Date | null;
    };
    if (!newest.latest) throw new Error(`no tickets in ${config.databases.ticket}: run seed.ts`);
    const bench = new Bench(apps, tokens, { latest: newest.latest });
    const chosen = REQUESTS.filter(
      (r) => !values.only || `${r.family} ${r.name}`.includes(values.only),
    );
    const results: Result[] = [];
    for (const request of chosen) {
      results.push(await bench.measure(request));
      console.log(`measured ${request.family} / ${request.name}`);
    }
    print(results);
    const slowest = [...results]
      .sort((a, b) => summary(b.http).p99 - summary(a.http).p99)
      .slice(0, Number(values.explain));
    for (const result of slowest) await bench.explain(result);
    await bench.close();
  } finally {
    await apps.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
