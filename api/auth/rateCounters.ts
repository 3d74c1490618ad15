import type { Knex } from 'knex';
import { TooManyRequestsError } from '../../domain/errors';
import type { Logger } from '../../infra/logging/logger';

/** A counter's state in its current window: hits so far and seconds until the window ends. */
export interface CounterState {
  hits: number;
  retryAfter: number;
}

/**
 * Fixed-window counters in Postgres (table rate_counters): every auth instance sees the same
 * counts, so a client cannot spread attempts over instances as it could with in-memory limiters.
 * A window starts at a key's first hit and the count starts again once it has passed.
 */
export class RateCounters {
  constructor(private readonly db: Knex) {}

  /** Counts one hit of the key and answers the count including it. */
  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    const result = await this.db.raw<{ rows: { hits: number; retry_after: number }[] }>(
      `insert into rate_counters as c (key, hits, window_started_at) values (?, 1, now())
       on conflict (key) do update set
         hits = case when c.window_started_at > now() - make_interval(secs => ?)
                     then c.hits + 1 else 1 end,
         window_started_at = case when c.window_started_at > now() - make_interval(secs => ?)
                     then c.window_started_at else now() end
       returning hits, ceil(extract(epoch from
         c.window_started_at + make_interval(secs => ?) - now()))::int as retry_after`,
      [key, windowSeconds, windowSeconds, windowSeconds],
    );
    const row = result.rows[0];
    if (!row) throw new Error(`rate counter ${key} returned no row`);
    return { hits: row.hits, retryAfter: Math.max(1, row.retry_after) };
  }

  /** Takes back one hit of the key (an attempt that turned out not to count). */
  async undo(key: string): Promise<void> {
    await this.db('rate_counters')
      .where({ key })
      .update({ hits: this.db.raw('greatest(hits - 1, 0)') });
  }

  async clear(key: string): Promise<void> {
    await this.db('rate_counters').where({ key }).delete();
  }

  async clearPrefix(prefix: string): Promise<void> {
    await this.db('rate_counters').whereRaw('starts_with(key, ?)', [prefix]).delete();
  }

  /** Deletes counters whose window started longer ago than the longest window; answers how many. */
  async purge(olderThanSeconds: number): Promise<number> {
    return this.db('rate_counters')
      .where(
        'window_started_at',
        '<',
        this.db.raw('now() - make_interval(secs => ?)', [olderThanSeconds]),
      )
      .delete();
  }
}

/**
 * Runs each named clean-up every `everyMs` (every sprayed address or account leaves a counter
 * behind, every sign-in with a code a challenge); a failure is logged and tried again next time.
 * Answers the function that stops it.
 */
export function sweepPeriodically(
  tasks: Record<string, () => Promise<unknown>>,
  logger: Logger,
  everyMs = 600_000,
): () => void {
  const timer = setInterval(() => {
    for (const [what, task] of Object.entries(tasks))
      task().catch((error: unknown) => logger.warn({ err: error, what }, 'purge failed'));
  }, everyMs);
  return () => clearInterval(timer);
}

/** The 429 a client gets when one of its limits is reached, with its Retry-After. */
export function tooManyRequests(
  what: string,
  field: string,
  retryAfter: number,
): TooManyRequestsError {
  return new TooManyRequestsError(`${what}: try again in ${retryAfter} s`, field, { retryAfter });
}
