import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import {
  SERVICE_SCOPES,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type ServiceScope,
  type SystemRoles,
} from '../../api/shared/auth/principal';
import { createTokenVerifier, type TokenVerifier } from '../../api/shared/auth/verifier';

export interface TestUser {
  id: string;
  roles: SystemRoles;
  email?: string;
  name?: string;
}

/**
 * Tokens for component tests of services other than auth: the same claims the auth service
 * issues, signed with a key pair made for the test, verified through a local key set.
 */
export interface TestIdentity {
  verifier: TokenVerifier;
  userToken(user: TestUser): Promise<string>;
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
  ): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(key);
  return {
    verifier: createTokenVerifier(createLocalJWKSet({ keys: [jwk] })),
    userToken: (user) =>
      sign(
        {
          typ: 'access',
          email: user.email ?? `user${user.id}@example.test`,
          name: user.name ?? `User ${user.id}`,
          roles: user.roles,
        },
        user.id,
        privateKey,
      ),
    serviceToken: (scopes = SERVICE_SCOPES) =>
      sign({ typ: 'service', scopes: [...scopes] }, 'service:platform', privateKey),
  };
}
