import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { UnauthorizedError } from '../../../domain/errors';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type Principal } from './principal';
import type { RevocationCheck, RevocationReason } from './revocations';

const userClaims = z.object({
  typ: z.literal('access'),
  sub: z.string().min(1),
  email: z.string(),
  name: z.string(),
  roles: z.record(z.string(), z.array(z.string())),
  iat: z.number(),
  exp: z.number(),
});
const serviceClaims = z.object({
  typ: z.literal('service'),
  sub: z.string().startsWith('service:'),
  scopes: z.array(z.string()),
});
const claims = z.discriminatedUnion('typ', [userClaims, serviceClaims]);

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

const REVOKED_BECAUSE: Record<RevocationReason, string> = {
  deactivated: 'token was revoked: the user was deactivated',
  roles: 'token was revoked: the user’s roles changed; refresh it',
  password: 'token was revoked: the password changed; sign in again',
};

/**
 * Verifies access and service tokens locally against the auth service's public keys (JWKS):
 * no call to auth per request. An unknown key id triggers a refetch, so rotation needs no restart.
 * A user token issued before that user's revocation (deactivation, a removed role) is refused.
 */
export function createTokenVerifier(
  keys: JWTVerifyGetKey,
  revocations: RevocationCheck,
): TokenVerifier {
  return {
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          algorithms: ['EdDSA'],
        }));
      } catch {
        throw new UnauthorizedError('invalid or expired token', 'authorization');
      }
      const parsed = claims.safeParse(payload);
      if (!parsed.success)
        throw new UnauthorizedError('token has unexpected claims', 'authorization');
      const data = parsed.data;
      if (data.typ === 'service')
        return { kind: 'service', service: data.sub.slice('service:'.length), scopes: data.scopes };
      const revoked = await revocations.voiding(data.sub, data.iat);
      if (revoked) throw new UnauthorizedError(REVOKED_BECAUSE[revoked.reason], 'authorization');
      return {
        kind: 'user',
        userId: data.sub,
        email: data.email,
        name: data.name,
        roles: data.roles,
        issuedAt: data.iat,
        expiresAt: data.exp,
      };
    },
  };
}

/**
 * The auth service's published key set, cached and refetched on an unknown key id, at most once
 * per `cooldownMs` (so a stream of forged key ids cannot hammer auth). A key id still unknown
 * while cooling down waits for the cooldown to end and looks once more: a key rotated in just
 * after the last fetch is accepted moments later instead of refused.
 */
export function remoteKeySet(authUrl: string, cooldownMs = 1_000): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL('/.well-known/jwks.json', authUrl), {
    cooldownDuration: cooldownMs,
    cacheMaxAge: 10 * 60_000,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !remote.coolingDown) throw error;
      await new Promise((resolve) => setTimeout(resolve, cooldownMs));
      return remote(header, token);
    }
  };
}
