import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';
import type { Migration } from '../../migrations/migration';
import type { ServiceName } from '../config/services';

/** Serves a service's migrations from their typed list, so every runtime loads them the same way. */
class ListMigrationSource implements Knex.MigrationSource<Migration> {
  constructor(private readonly migrations: Migration[]) {}
  getMigrations(): Promise<Migration[]> {
    return Promise.resolve(this.migrations);
  }
  getMigrationName(migration: Migration): string {
    return migration.name;
  }
  getMigration(migration: Migration): Promise<Knex.Migration> {
    return Promise.resolve({ up: migration.up, down: migration.down });
  }
}

/** Applies the service's pending migrations; returns the names applied. */
export async function migrateService(knex: Knex, service: ServiceName): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({
    migrationSource: new ListMigrationSource(MIGRATIONS[service]),
  })) as [number, string[]];
  return applied;
}
