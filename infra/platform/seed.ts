import { PasswordHasher } from '../../api/auth/passwords';
import { seedAuthDemo, type DemoCredential } from '../../api/auth/seed';
import { seedDefinitions } from '../../api/workflow/definitions/seedDefinitions';
import { DefinitionStore } from '../../api/workflow/definitions/store';
import type { PlatformConfig } from '../config/config';
import { createKnex } from '../db/knex';

export interface SeedReport {
  definitions: string[];
  users: DemoCredential[];
}

/** Demo data of a fresh platform: systems, roles, demo users and the default workflow definitions. Idempotent. */
export async function seedPlatform(config: PlatformConfig): Promise<SeedReport> {
  const workflowDb = createKnex(config.postgres, config.databases.workflow, 1);
  const authDb = createKnex(config.postgres, config.databases.auth, 1);
  try {
    return {
      users: await seedAuthDemo(authDb, new PasswordHasher(config.auth.argon2MemoryKib)),
      definitions: await seedDefinitions(new DefinitionStore(workflowDb)),
    };
  } finally {
    await workflowDb.destroy();
    await authDb.destroy();
  }
}
