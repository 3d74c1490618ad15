import type { Knex } from 'knex';
import type { DefinitionSpec } from '../../domain/definitionSchema';
import { definitionProblems } from '../../domain/definitions';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors';

export type DefinitionStatus = 'draft' | 'deployed' | 'paused' | 'superseded';

export interface DefinitionRecord {
  id: string;
  key: string;
  version: number;
  status: DefinitionStatus;
  spec: DefinitionSpec;
  createdBy: string | null;
  createdAt: string;
  deployedAt: string | null;
}

interface Row {
  id: string;
  key: string;
  version: number;
  status: DefinitionStatus;
  spec: DefinitionSpec;
  created_by: string | null;
  created_at: Date;
  deployed_at: Date | null;
}

const toRecord = (row: Row): DefinitionRecord => ({
  id: String(row.id),
  key: row.key,
  version: row.version,
  status: row.status,
  spec: row.spec,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  deployedAt: row.deployed_at?.toISOString() ?? null,
});

function assertValidGraph(spec: DefinitionSpec): void {
  const problems = definitionProblems(spec).map((problem) => ({
    field: `body.spec.${problem.field}`,
    message: problem.message,
  }));
  const first = problems[0];
  if (first) throw new ValidationError(`${first.field}: ${first.message}`, first.field, problems);
}

/**
 * Versioned workflow definitions. A version never changes once written: editing a definition
 * writes the next version, and a running ticket keeps the version it started with. Deploying a
 * version supersedes the key's previously deployed one, so at most one version per key routes.
 */
export class DefinitionStore {
  constructor(private readonly db: Knex) {}

  async list(filter: {
    status?: DefinitionStatus;
    latestOnly: boolean;
  }): Promise<DefinitionRecord[]> {
    const query = this.db<Row>('workflow_definitions').orderBy([
      { column: 'key' },
      { column: 'version', order: 'desc' },
    ]);
    if (filter.status) void query.where({ status: filter.status });
    if (filter.latestOnly) {
      void query.whereRaw(
        'version = (select max(version) from workflow_definitions latest where latest.key = workflow_definitions.key)',
      );
    }
    return (await query).map(toRecord);
  }

  async get(key: string, version?: number): Promise<DefinitionRecord> {
    const query = this.db<Row>('workflow_definitions').where({ key });
    const row = await (
      version === undefined ? query.orderBy('version', 'desc') : query.where({ version })
    ).first();
    if (!row)
      throw new NotFoundError(
        `no workflow definition ${key}${version ? ` v${version}` : ''}`,
        'key',
      );
    return toRecord(row);
  }

  /** Writes version 1 of a new key, or the next version of an existing one. */
  async write(
    key: string,
    spec: DefinitionSpec,
    options: { deploy: boolean; createdBy: string | null; mustBeNew: boolean },
  ): Promise<DefinitionRecord> {
    assertValidGraph(spec);
    return this.db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`definition:${key}`]);
      const latest = await trx('workflow_definitions')
        .where({ key })
        .max<{ max: number | null }>('version as max')
        .first();
      const current = latest?.max ?? null;
      if (options.mustBeNew && current !== null) {
        throw new ConflictError(`workflow definition ${key} already exists`, 'key');
      }
      if (!options.mustBeNew && current === null) {
        throw new NotFoundError(`no workflow definition ${key}`, 'key');
      }
      const [row] = await trx('workflow_definitions')
        .insert({
          key,
          version: (current ?? 0) + 1,
          name: spec.name,
          department: spec.department,
          category: spec.category,
          system: spec.system,
          status: 'draft',
          spec: JSON.stringify(spec),
          created_by: options.createdBy,
        })
        .returning<Row[]>('*');
      const record = toRecord(row as Row);
      return options.deploy ? this.setStatus(trx, record.key, record.version, 'deployed') : record;
    });
  }

  async deploy(key: string, version: number): Promise<DefinitionRecord> {
    return this.db.transaction((trx) => this.setStatus(trx, key, version, 'deployed'));
  }

  async pause(key: string, version: number): Promise<DefinitionRecord> {
    return this.db.transaction((trx) => this.setStatus(trx, key, version, 'paused'));
  }

  private async setStatus(
    trx: Knex.Transaction,
    key: string,
    version: number,
    status: 'deployed' | 'paused',
  ): Promise<DefinitionRecord> {
    const row = await trx<Row>('workflow_definitions').where({ key, version }).forUpdate().first();
    if (!row) throw new NotFoundError(`no workflow definition ${key} v${version}`, 'version');
    if (status === 'paused' && row.status !== 'deployed') {
      throw new ConflictError(
        `only a deployed version can be paused (v${version} is ${row.status})`,
        'status',
      );
    }
    if (status === 'deployed') {
      await trx('workflow_definitions')
        .where({ key, status: 'deployed' })
        .whereNot({ version })
        .update({ status: 'superseded' });
    }
    const [updated] = await trx<Row>('workflow_definitions')
      .where({ key, version })
      .update({ status, ...(status === 'deployed' ? { deployed_at: trx.fn.now() } : {}) })
      .returning('*');
    return toRecord(updated as Row);
  }
}
