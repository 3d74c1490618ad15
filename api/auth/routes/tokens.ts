import { z } from 'zod';
import type { RequestHandler } from 'express';
import { requireScope } from '../../shared/auth/middleware';
import { queryDate } from '../../shared/http/params';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { parseInput } from '../../shared/http/validate';
import type { KeyRing } from '../keys';
import type { RevocationStore } from '../revocations';
import type { ServiceKeys } from '../serviceKeys';

const apiKeyHeaders = z.object({ 'x-api-key': z.string().min(16).max(300) });
const revocationsQuery = z.object({ since: queryDate().optional() });

export interface TokenRouteDeps {
  keys: KeyRing;
  serviceKeys: ServiceKeys;
  revocations: RevocationStore;
  /** Authenticates the caller (the revocations feed is for services). */
  signedIn: RequestHandler;
}

/** What other services need to trust tokens: public keys, service tokens, revocations. */
export function tokenRoutes({
  keys,
  serviceKeys,
  revocations,
  signedIn,
}: TokenRouteDeps): RouteTable {
  return routeTable([
    route({
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'Public keys that verify access tokens',
      access: 'public',
      ok: 200,
      handle: ({ res }) => {
        res.setHeader('cache-control', 'public, max-age=60');
        return keys.jwks();
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/service-tokens',
      summary: 'Exchange a service API key (x-api-key) for a service token',
      access: 'public',
      ok: 200,
      errors: [401, 422],
      handle: ({ req }) =>
        serviceKeys.exchange(parseInput(apiKeyHeaders, req.headers, 'headers')['x-api-key']),
    }),
    route({
      method: 'get',
      path: '/internal/v1/token-revocations',
      summary:
        'Users whose access tokens issued before a time are void, changed since a cursor (services poll it)',
      access: 'service',
      query: revocationsQuery,
      ok: 200,
      before: [signedIn, requireScope('users:read')],
      handle: ({ query }) => revocations.page(query.since ?? null),
    }),
  ]);
}
