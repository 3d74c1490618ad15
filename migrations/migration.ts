import type { Knex } from 'knex';

/** One schema change of one service's database, applied in list order by knex. */
export interface Migration {
  name: string;
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}
