import type { Knex } from 'knex';
import { TooManyRequestsError } from '../../domain/errors';

/**
 * Failed-login counters per account and per IP in Postgres: every auth instance sees the same
 * counts (an in-memory limiter would let a client spread attempts over instances). After
 * `maxFailures` in a window the account is refused until the window ends (an IP, which may be a
 * whole office behind one address, after ten times that); a success clears the account's counter.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Knex,
    private readonly maxFailures: number,
    private readonly windowSeconds: number,
  ) {}

  private static readonly IP_FACTOR = 10;

  private keys(email: string, ip: string): string[] {
    return [`account:${email.toLowerCase()}`, `ip:${ip}`];
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const counted = await this.db('login_failures')
      .whereIn('key', this.keys(email, ip))
      .where(
        'window_started_at',
        '>',
        this.db.raw(`now() - interval '${this.windowSeconds} seconds'`),
      )
      .select<{ key: string; failures: number; window_started_at: Date }[]>(
        'key',
        'failures',
        'window_started_at',
      );
    const rows = counted.filter(
      (row) =>
        row.failures >=
        this.maxFailures * (row.key.startsWith('ip:') ? LoginThrottle.IP_FACTOR : 1),
    );
    if (rows.length === 0) return;
    const until = Math.max(
      ...rows.map((row) => row.window_started_at.getTime() + this.windowSeconds * 1000),
    );
    const retryAfter = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    throw new TooManyRequestsError(
      `too many failed sign-ins: try again in ${retryAfter} s`,
      'email',
      { retryAfter },
    );
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    for (const key of this.keys(email, ip)) {
      await this.db.raw(
        `insert into login_failures (key, failures, window_started_at) values (?, 1, now())
         on conflict (key) do update set
           failures = case when login_failures.window_started_at > now() - interval '${this.windowSeconds} seconds'
                           then login_failures.failures + 1 else 1 end,
           window_started_at = case when login_failures.window_started_at > now() - interval '${this.windowSeconds} seconds'
                           then login_failures.window_started_at else now() end`,
        [key],
      );
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.db('login_failures')
      .where({ key: `account:${email.toLowerCase()}` })
      .delete();
  }
}
