import type { PlatformConfig } from '../../../infra/config/config';
import { ServiceHttpClient, type ServiceTokenSource } from '../../../infra/http/serviceClient';
import type { Logger } from '../../../infra/logging/logger';
import { PolledRevocations, type RevocationPage, type RevocationSource } from './revocations';
import { createTokenVerifier, remoteKeySet, type TokenVerifier } from './verifier';

/** The auth service's revocation feed, asked as this service (scope users:read). */
export function httpRevocationSource(auth: ServiceHttpClient): RevocationSource {
  return (since) =>
    auth.get<RevocationPage>(
      `/internal/v1/token-revocations${since === null ? '' : `?since=${encodeURIComponent(since)}`}`,
    );
}

export interface ServiceAuth {
  verifier: TokenVerifier;
  /** Start it with the service and stop it on close; sockets listen to it to close revoked sessions. */
  revocations: PolledRevocations;
}

/**
 * How a service other than auth checks callers: tokens verified locally against the JWKS, and
 * refused when auth has revoked them (a polled list, so no call to auth per request).
 */
export function createServiceAuth(
  config: Pick<PlatformConfig, 'auth' | 'http'>,
  tokens: ServiceTokenSource,
  logger: Logger,
): ServiceAuth {
  const auth = new ServiceHttpClient('auth', config.http.auth.url, tokens);
  const revocations = new PolledRevocations(httpRevocationSource(auth), {
    pollMs: config.auth.revocationPollMs,
    accessTtlSeconds: config.auth.accessTtlSeconds,
    logger,
  });
  return {
    verifier: createTokenVerifier(remoteKeySet(config.http.auth.url), revocations),
    revocations,
  };
}
