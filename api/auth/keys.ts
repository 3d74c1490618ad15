import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Knex } from 'knex';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../shared/auth/principal';

interface KeyRow {
  kid: string;
  public_jwk: JWK;
  private_jwk: JWK;
  created_at: Date;
}

/**
 * The Ed25519 keys tokens are signed with. The newest key signs; every key not yet retired is
 * published in the JWKS, so after a rotation tokens signed with the previous key stay valid
 * until they expire. Keys live in the auth database so every auth instance signs alike.
 * `longestTtlSeconds` bounds every token signed here: a key is kept that long (twice, for clock
 * skew) after a newer one took over signing from it.
 */
export class KeyRing {
  constructor(
    private readonly db: Knex,
    private readonly longestTtlSeconds: number,
  ) {}

  /** Creates the first key on a fresh database (concurrent starts are harmless). */
  async ensureKey(): Promise<void> {
    const existing = await this.db('signing_keys')
      .whereNull('retired_at')
      .first<{ kid: string } | undefined>('kid');
    if (!existing) await this.rotate();
  }

  /**
   * A new signing key. A key is retired once the key that replaced it has signed for twice the
   * longest token lifetime: when the key itself was created says nothing about the tokens it
   * signed until the last rotation.
   */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();
    await this.db.transaction(async (trx) => {
      await trx('signing_keys').insert({
        kid,
        public_jwk: JSON.stringify({
          ...(await exportJWK(publicKey)),
          kid,
          alg: 'EdDSA',
          use: 'sig',
        }),
        private_jwk: JSON.stringify(await exportJWK(privateKey)),
      });
      await trx('signing_keys as old')
        .whereNull('old.retired_at')
        .whereNot('old.kid', kid)
        .whereExists((successor) =>
          successor
            .from('signing_keys as newer')
            .whereRaw('(newer.created_at, newer.kid) > (old.created_at, old.kid)')
            .whereRaw(`newer.created_at < now() - make_interval(secs => ?)`, [
              this.longestTtlSeconds * 2,
            ]),
        )
        .update({ retired_at: trx.fn.now() });
    });
    return kid;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.db<KeyRow>('signing_keys')
      .whereNull('retired_at')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'kid', order: 'desc' },
      ]);
    return { keys: rows.map((row) => row.public_jwk) };
  }

  /** Signs with the newest key; `issuedAt` (seconds) overrides iat, which defaults to now. */
  async sign(
    claims: Record<string, unknown>,
    subject: string,
    ttlSeconds: number,
    issuedAt?: number,
  ): Promise<string> {
    const row = await this.db<KeyRow>('signing_keys')
      .whereNull('retired_at')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'kid', order: 'desc' },
      ])
      .first();
    if (!row) throw new Error('no signing key: KeyRing.ensureKey() was not called');
    if (ttlSeconds > this.longestTtlSeconds) {
      throw new Error(`a ${String(ttlSeconds)} s token would outlive its key's retirement`);
    }
    const key = await importJWK(row.private_jwk, 'EdDSA');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: row.kid })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key);
  }
}
