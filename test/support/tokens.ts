import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import {
  SERVICE_SCOPES,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type ServiceScope,
  type SystemRoles,
} from '../../api/shared/auth/principal';
import {
  PolledRevocations,
  type Revocation,
  type RevocationReason,
} from '../../api/shared/auth/revocations';
import { createTokenVerifier, type TokenVerifier } from '../../api/shared/auth/verifier';
import { silentLogger } from './platform';

export interface TestUser {
  id: string;
  roles: SystemRoles;
  email?: string;
  name?: string;
}

/**
 * Tokens for component tests of services other than auth: the same claims the auth service
 * issues, signed with a key pair made for the test, verified through a local key set; and the
 * revocation list services keep, fed by `revoke` instead of the auth service's feed.
 */
export interface TestIdentity {
  verifier: TokenVerifier;
  revocations: PolledRevocations;
  /** Voids the user's tokens issued until now, as auth would on deactivation or a removed role. */
  revoke(userId: string, reason: RevocationReason): Promise<void>;
  userToken(user: TestUser, ttlSeconds?: number): Promise<string>;
  serviceToken(scopes?: readonly ServiceScope[]): Promise<string>;
}

export async function createTestIdentity(): Promise<TestIdentity> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const sign = (
    claims: Record<string, unknown>,
    subject: string,
    key: CryptoKey,
    ttlSeconds = 900,
  ): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(`${String(ttlSeconds)}s`)
      .sign(key);
  const revoked: Revocation[] = [];
  const revocations = new PolledRevocations(
    () => Promise.resolve({ items: revoked, asOf: new Date().toISOString() }),
    { pollMs: 60_000, accessTtlSeconds: 900, logger: silentLogger },
  );
  return {
    verifier: createTokenVerifier(createLocalJWKSet({ keys: [jwk] }), revocations),
    revocations,
    async revoke(userId, reason) {
      revoked.push({ userId, revokedBefore: new Date().toISOString(), reason });
      await revocations.poll();
    },
    userToken: (user, ttlSeconds) =>
      sign(
        {
          typ: 'access',
          email: user.email ?? `user${user.id}@example.test`,
          name: user.name ?? `User ${user.id}`,
          roles: user.roles,
        },
        user.id,
        privateKey,
        ttlSeconds,
      ),
    serviceToken: (scopes = SERVICE_SCOPES) =>
      sign({ typ: 'service', scopes: [...scopes] }, 'service:platform', privateKey),
  };
}
