import knex, { type Knex } from 'knex';
import type { PostgresConfig } from '../config/config';

export type { Knex };

/** A knex pool on one logical database of the local PostgreSQL server. */
export function createKnex(pg: PostgresConfig, database: string, maxConnections = 10): Knex {
  return knex({
    client: 'pg',
    connection: { host: pg.host, port: pg.port, user: pg.user, password: pg.password, database },
    pool: { min: 0, max: maxConnections },
  });
}
