import { PasswordHasher } from '../api/auth/passwords';
import { seedAuthDemo, seedAuthProduction, type DemoCredential } from '../api/auth/seed';
import { seedDefinitions } from '../api/workflow/seedDefinitions';
import { DefinitionStore } from '../api/workflow/definitionStore';
import type { PlatformConfig } from '../infra/config/config';
import { createKnex } from '../infra/db/knex';

export interface SeedReport {
  definitions: string[];
  users: DemoCredential[];
}

/**
 * What a fresh platform needs: systems, roles and the default workflow definitions, and its
 * users: in development and tests the demo users; in staging and production none with a known
 * password, only the first administrator if BOOTSTRAP_ADMIN_EMAIL/_PASSWORD name one. Idempotent.
 */
export async function seedPlatform(config: PlatformConfig): Promise<SeedReport> {
  const workflowDb = createKnex(config.postgres, config.databases.workflow, 1);
  const authDb = createKnex(config.postgres, config.databases.auth, 1);
  const hasher = new PasswordHasher(config.auth.argon2MemoryKib);
  try {
    return {
      users: await (config.env === 'development' || config.env === 'test'
        ? seedAuthDemo(authDb, hasher)
        : seedAuthProduction(authDb, hasher, config.auth.bootstrapAdmin)),
      definitions: await seedDefinitions(new DefinitionStore(workflowDb)),
    };
  } finally {
    await workflowDb.destroy();
    await authDb.destroy();
  }
}
