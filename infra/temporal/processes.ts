import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PlatformConfig } from '../config/config';

const run = promisify(execFile);

export const ROOT = path.resolve(__dirname, '../..');
const TEMPORAL_BIN = path.join(ROOT, '.temporal/bin');
const TEMPORAL_DIR = path.join(ROOT, 'temporal');

/** A long-running program of the platform: what the runner starts and supervises. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export function binary(name: string): string {
  const file = path.join(TEMPORAL_BIN, name);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run "npm run setup" to build the Temporal binaries`);
  }
  return file;
}

function temporalEnv(config: PlatformConfig): Record<string, string> {
  const [, port = '7233'] = config.temporal.address.split(':');
  return {
    TEMPORAL_VERSION_CHECK_DISABLED: '1',
    PGHOST: config.postgres.host,
    PGPORT: String(config.postgres.port),
    PGUSER: config.postgres.user,
    PGPASSWORD: config.postgres.password,
    TEMPORAL_DB: config.temporal.database,
    TEMPORAL_VISIBILITY_DB: config.temporal.visibilityDatabase,
    TEMPORAL_PORT: port,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TEMPORAL_UI_PORT: String(config.temporal.uiPort),
  };
}

export function temporalServerSpec(config: PlatformConfig): ProcessSpec {
  return {
    name: 'temporal',
    command: binary('temporal-server'),
    args: ['--root', '.', '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
    cwd: TEMPORAL_DIR,
    env: temporalEnv(config),
  };
}

export function temporalUiSpec(config: PlatformConfig): ProcessSpec {
  return {
    name: 'temporal-ui',
    command: binary('temporal-ui-server'),
    args: ['--root', '.', '--config', 'ui', '--env', 'development', 'start'],
    cwd: TEMPORAL_DIR,
    env: temporalEnv(config),
  };
}

/** Creates or upgrades Temporal's own schemas (history and visibility) with the SQL tool. */
export async function migrateTemporalSchema(config: PlatformConfig): Promise<void> {
  const tool = binary('temporal-sql-tool');
  const schemas: [string, string][] = [
    [config.temporal.database, 'postgresql/v12/temporal'],
    [config.temporal.visibilityDatabase, 'postgresql/v12/visibility'],
  ];
  for (const [database, schema] of schemas) {
    const base = [
      '--pl',
      'postgres12',
      '--ep',
      config.postgres.host,
      '--port',
      String(config.postgres.port),
      '--user',
      config.postgres.user,
      '--db',
      database,
    ];
    const env = { ...process.env, SQL_PASSWORD: config.postgres.password };
    await run(tool, [...base, 'setup-schema', '-v', '0.0'], { env });
    await run(tool, [...base, 'update-schema', '-s', schema], { env });
  }
}
