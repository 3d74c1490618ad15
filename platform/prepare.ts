import type { PlatformConfig } from '../infra/config/config';
import { SERVICE_NAMES } from '../infra/config/services';
import { ensureDatabases } from '../infra/db/databases';
import { createKnex } from '../infra/db/knex';
import { migrateService } from '../infra/db/migrate';
import { migrateTemporalSchema } from '../infra/temporal/processes';

/** Temporal's two databases and their schema: all a temporal-server needs. Idempotent. */
export async function prepareTemporal(config: PlatformConfig): Promise<void> {
  await ensureDatabases(config.postgres, [
    config.temporal.database,
    config.temporal.visibilityDatabase,
  ]);
  await migrateTemporalSchema(config);
}

/** Creates every database, applies Temporal's schema and each service's migrations. Idempotent. */
export async function preparePlatform(
  config: PlatformConfig,
  report: (line: string) => void = () => undefined,
): Promise<void> {
  await prepareTemporal(config);
  report('temporal schema up to date');
  await ensureDatabases(config.postgres, Object.values(config.databases));
  for (const service of SERVICE_NAMES) {
    const db = createKnex(config.postgres, config.databases[service], 1);
    try {
      const applied = await migrateService(db, service);
      report(`${config.databases[service]}: ${applied.length} migration(s) applied`);
    } finally {
      await db.destroy();
    }
  }
}
