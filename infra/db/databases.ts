import { createKnex } from './knex';
import type { PostgresConfig } from '../config/config';

const DUPLICATE_DATABASE = '42P04';
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function assertIdentifier(name: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a safe database name: ${name}`);
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

/** Creates each database that does not exist yet; concurrent callers are harmless. */
export async function ensureDatabases(pg: PostgresConfig, names: string[]): Promise<void> {
  const admin = createKnex(pg, 'postgres', 1);
  try {
    for (const name of names) {
      assertIdentifier(name);
      const { rows } = await admin.raw<{ rows: unknown[] }>(
        'select 1 from pg_database where datname = ?',
        [name],
      );
      if (rows.length > 0) continue;
      try {
        await admin.raw(`create database "${name}"`);
      } catch (error) {
        if (!hasCode(error, DUPLICATE_DATABASE)) throw error;
      }
    }
  } finally {
    await admin.destroy();
  }
}

export async function dropDatabase(pg: PostgresConfig, name: string): Promise<void> {
  assertIdentifier(name);
  const admin = createKnex(pg, 'postgres', 1);
  try {
    await admin.raw(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.destroy();
  }
}
