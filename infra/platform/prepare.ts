import type { PlatformConfig } from '../config/config';
import { SERVICE_NAMES } from '../config/services';
import { ensureDatabases } from '../db/databases';
import { createKnex } from '../db/knex';
import { migrateService } from '../db/migrate';
import { migrateTemporalSchema } from '../temporal/processes';

/** Creates every database, applies Temporal's schema and each service's migrations. Idempotent. */
export async function preparePlatform(
  config: PlatformConfig,
  report: (line: string) => void = () => undefined,
): Promise<void> {
  await ensureDatabases(config.postgres, [
    ...Object.values(config.databases),
    config.temporal.database,
    config.temporal.visibilityDatabase,
  ]);
  await migrateTemporalSchema(config);
  report('temporal schema up to date');
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
