import knex, { type Knex } from 'knex';
import type { PostgresConfig } from '../config/config';

export type { Knex };

/** A knex pool on one logical database of the PostgreSQL server, within the process's budget. */
export function createKnex(
  pg: PostgresConfig,
  database: string,
  maxConnections = pg.poolMax,
  acquireTimeoutMs = 5_000,
): Knex {
  return knex({
    client: 'pg',
    connection: { host: pg.host, port: pg.port, user: pg.user, password: pg.password, database },
    pool: { min: 0, max: maxConnections },
    // At a peak a caller waits this long for a connection, then gets a retryable error (HTTP 503).
    acquireConnectionTimeout: acquireTimeoutMs,
  });
}
