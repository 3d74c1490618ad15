import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UnauthorizedError } from '../../domain/errors';
import { SERVICE_SCOPES, type ServiceScope } from '../shared/auth/principal';
import type { KeyRing } from './keys';
import { sha256 } from './tokens';

const SERVICE_TOKEN_TTL_SECONDS = 300;
/** "Last used" is written at most this often per key: a busy key costs no row update per call. */
const LAST_USED_RESOLUTION = '1 minute';

/** The longest lifetime of any token the auth service signs: what its KeyRing must outlast. */
export const longestTokenTtlSeconds = (accessTtlSeconds: number): number =>
  Math.max(accessTtlSeconds, SERVICE_TOKEN_TTL_SECONDS);

interface ServiceKeyRow {
  id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ServiceKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const toView = (row: ServiceKeyRow): ServiceKeyView => ({
  id: String(row.id),
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** A key is `<prefix>.<secret>`; the prefix finds the row, only the secret's hash is stored. */
function split(apiKey: string): { prefix: string; secret: string } {
  const dot = apiKey.indexOf('.');
  return dot > 0
    ? { prefix: apiKey.slice(0, dot), secret: apiKey.slice(dot + 1) }
    : { prefix: apiKey.slice(0, 12), secret: apiKey };
}

/** Service-to-service API keys (hashed, scoped, revocable), exchanged for short-lived service tokens. */
export class ServiceKeys {
  constructor(
    private readonly db: Knex,
    private readonly keys: KeyRing,
  ) {}

  async create(
    name: string,
    scopes: readonly ServiceScope[],
    secretKey?: string,
  ): Promise<{ key: ServiceKeyView; apiKey: string }> {
    const apiKey =
      secretKey ?? `${randomBytes(6).toString('hex')}.${randomBytes(24).toString('base64url')}`;
    const { prefix, secret } = split(apiKey);
    const existing = await this.db('service_keys')
      .where({ name })
      .orWhere({ prefix })
      .first<{ id: string } | undefined>('id');
    if (existing)
      throw new ConflictError(`a service key named ${name} (or with that prefix) exists`, 'name');
    const [row] = await this.db('service_keys')
      .insert({ name, prefix, secret_hash: sha256(secret), scopes: [...scopes] })
      .returning<ServiceKeyRow[]>('*');
    return { key: toView(row as ServiceKeyRow), apiKey };
  }

  async list(): Promise<ServiceKeyView[]> {
    return (await this.db<ServiceKeyRow>('service_keys').orderBy('id')).map(toView);
  }

  async revoke(id: string): Promise<ServiceKeyView> {
    const [row] = await this.db<ServiceKeyRow>('service_keys')
      .where({ id })
      .update({ revoked_at: this.db.raw('coalesce(revoked_at, now())') })
      .returning('*');
    if (!row) throw new NotFoundError(`no service key ${id}`, 'id');
    return toView(row);
  }

  /** Exchanges a valid API key for a service token; a revoked or unknown key is 401. */
  async exchange(apiKey: string): Promise<{ accessToken: string; expiresIn: number }> {
    const { prefix, secret } = split(apiKey);
    const row = await this.db<ServiceKeyRow>('service_keys').where({ prefix }).first();
    if (!row || row.revoked_at || row.secret_hash !== sha256(secret)) {
      throw new UnauthorizedError('invalid or revoked API key', 'x-api-key');
    }
    await this.db('service_keys')
      .where({ id: row.id })
      .where((stale) =>
        stale
          .whereNull('last_used_at')
          .orWhereRaw(`last_used_at < now() - interval '${LAST_USED_RESOLUTION}'`),
      )
      .update({ last_used_at: this.db.fn.now() });
    const accessToken = await this.keys.sign(
      { typ: 'service', scopes: row.scopes },
      `service:${row.name}`,
      SERVICE_TOKEN_TTL_SECONDS,
    );
    return { accessToken, expiresIn: SERVICE_TOKEN_TTL_SECONDS };
  }
}

/**
 * The key the platform's own processes use (SERVICE_API_KEY): created with every scope if
 * missing, its secret updated when the configured key changes; a revocation stays in force.
 */
export async function ensurePlatformKey(
  db: Knex,
  keys: ServiceKeys,
  apiKey: string,
): Promise<void> {
  const existing = await db<ServiceKeyRow>('service_keys').where({ name: 'platform' }).first();
  if (!existing) {
    await keys.create('platform', SERVICE_SCOPES, apiKey);
    return;
  }
  const { prefix, secret } = split(apiKey);
  await db('service_keys')
    .where({ id: existing.id })
    .update({ prefix, secret_hash: sha256(secret) });
}
