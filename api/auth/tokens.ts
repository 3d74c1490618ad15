import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { UnauthorizedError } from '../../domain/errors';
import type { KeyRing } from './keys';
import { earliestIssuedAt } from './revocations';
import { rolesOf, type UserRow } from './users';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

interface RefreshRow {
  id: string;
  token_hash: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Access tokens (short-lived JWTs with the user's roles) and rotating refresh tokens: opaque,
 * stored as hashes, one family per login. Using a refresh token marks it used and issues the
 * next one; presenting a used or revoked one revokes the whole family (token theft), except a
 * used one within the reuse grace (AUTH_REFRESH_REUSE_GRACE_SECONDS).
 */
export class TokenService {
  constructor(
    private readonly db: Knex,
    private readonly keys: KeyRing,
    private readonly ttl: { access: number; refresh: number; reuseGrace: number },
  ) {}

  /**
   * A token used moments ago, by another tab or a retried request racing the rotation, gets a
   * fresh pair of the same family instead of revoking it; later reuse is treated as theft.
   */
  private withinReuseGrace(row: RefreshRow): boolean {
    return (
      row.used_at !== null &&
      row.revoked_at === null &&
      Date.now() - row.used_at.getTime() < this.ttl.reuseGrace * 1000
    );
  }

  /**
   * Carries iat; never dated before the user's last revocation, so it outlives none of it (read
   * in `db`, the caller's transaction when it has just revoked).
   */
  async accessToken(user: UserRow, db: Knex = this.db): Promise<string> {
    const roles = await rolesOf(db, String(user.id));
    const earliest = await earliestIssuedAt(db, String(user.id));
    const now = Math.floor(Date.now() / 1000);
    return this.keys.sign(
      { typ: 'access', email: user.email, name: user.name, roles },
      String(user.id),
      this.ttl.access,
      earliest !== undefined && earliest > now ? earliest : undefined,
    );
  }

  async issue(
    user: UserRow,
    familyId: string = randomUUID(),
    trx: Knex = this.db,
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await trx('refresh_tokens').insert({
      family_id: familyId,
      token_hash: sha256(refreshToken),
      user_id: user.id,
      expires_at: new Date(Date.now() + this.ttl.refresh * 1000),
    });
    return {
      accessToken: await this.accessToken(user, trx),
      refreshToken,
      expiresIn: this.ttl.access,
      tokenType: 'Bearer',
    };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const invalid = new UnauthorizedError('refresh token is invalid or expired', 'refreshToken');
    const outcome = await this.db.transaction(
      async (trx): Promise<TokenPair | 'reused' | 'invalid'> => {
        const row = await trx<RefreshRow>('refresh_tokens')
          .where({ token_hash: sha256(refreshToken) })
          .forUpdate()
          .first();
        if (!row) return 'invalid';
        const graced = this.withinReuseGrace(row);
        if (!graced) {
          if (row.used_at || row.revoked_at) {
            await trx('refresh_tokens')
              .where({ family_id: row.family_id })
              .whereNull('revoked_at')
              .update({ revoked_at: trx.fn.now() });
            return 'reused';
          }
          if (row.expires_at.getTime() < Date.now()) return 'invalid';
        }
        const user = await trx<UserRow>('users').where({ id: row.user_id }).first();
        if (!user?.active) return 'invalid';
        if (!graced) {
          await trx('refresh_tokens').where({ id: row.id }).update({ used_at: trx.fn.now() });
        }
        return this.issue(user, row.family_id, trx);
      },
    );
    if (outcome === 'reused') {
      throw new UnauthorizedError(
        'refresh token was already used: every session of this login is revoked',
        'refreshToken',
      );
    }
    if (outcome === 'invalid') throw invalid;
    return outcome;
  }

  async revokeFamilyOf(refreshToken: string): Promise<void> {
    const row = await this.db<RefreshRow>('refresh_tokens')
      .where({ token_hash: sha256(refreshToken) })
      .first();
    if (row)
      await this.db('refresh_tokens')
        .where({ family_id: row.family_id })
        .whereNull('revoked_at')
        .update({ revoked_at: this.db.fn.now() });
  }

  async revokeAllOf(userId: string, trx: Knex = this.db): Promise<void> {
    await trx('refresh_tokens')
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: trx.fn.now() });
  }
}
