import { loadConfig } from '../infra/config/config';
import { SERVICE_NAMES } from '../infra/config/services';
import { ensureDatabases } from '../infra/db/databases';
import { createKnex } from '../infra/db/knex';
import { migrateService } from '../infra/db/migrate';
import { seedPlatform } from './seed';
import { Connection } from '@temporalio/client';
import { temporalTarget, waitForTemporal } from '../infra/temporal/client';
import { ensureNamespace } from '../infra/temporal/namespace';

/**
 * The compose file's one-shot setup job: domain databases and migrations, the default workflow
 * definitions, and the namespace with the ticket search attributes on Temporal (whose schema the
 * temporal-schema job has applied; the server's port being open does not mean it answers yet).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabases(config.postgres, Object.values(config.databases));
  for (const service of SERVICE_NAMES) {
    const db = createKnex(config.postgres, config.databases[service], 1);
    try {
      const applied = await migrateService(db, service);
      process.stdout.write(
        `${config.databases[service]}: ${applied.length} migration(s) applied\n`,
      );
    } finally {
      await db.destroy();
    }
  }
  const seeded = await seedPlatform(config);
  process.stdout.write(`seeded definitions: ${seeded.definitions.join(', ') || 'already there'}\n`);
  const temporal = temporalTarget(config.temporal);
  await waitForTemporal(temporal, 120_000);
  const connection = await Connection.connect(temporal);
  try {
    await ensureNamespace(connection, config.temporal.namespace);
  } finally {
    await connection.close();
  }
  process.stdout.write('temporal namespace and search attributes ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
