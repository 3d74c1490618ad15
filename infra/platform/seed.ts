import { seedDefinitions } from '../../api/workflow/definitions/seedDefinitions';
import { DefinitionStore } from '../../api/workflow/definitions/store';
import type { PlatformConfig } from '../config/config';
import { createKnex } from '../db/knex';

export interface SeedReport {
  definitions: string[];
}

/** Demo data of a fresh platform: the default workflow definitions. Idempotent. */
export async function seedPlatform(config: PlatformConfig): Promise<SeedReport> {
  const workflowDb = createKnex(config.postgres, config.databases.workflow, 1);
  try {
    return { definitions: await seedDefinitions(new DefinitionStore(workflowDb)) };
  } finally {
    await workflowDb.destroy();
  }
}
