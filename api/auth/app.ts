import type { RouteDoc } from '../shared/http/openapi';
import { Router, type Express } from 'express';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Broker } from '../../infra/amqp/broker';
import type { PlatformConfig } from '../../infra/config/config';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { authenticate, requireScope } from '../shared/auth/middleware';
import { createTokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import { queryDate } from '../shared/http/params';
import { parseInput } from '../shared/http/validate';
import type { KeyRing } from './keys';
import { AccountMail } from './accountMail';
import { EmailOtp } from './emailOtp';
import { LoginThrottle } from './loginThrottle';
import { PasswordChange } from './passwordChange';
import { PasswordResets } from './passwordResets';
import { RevocationStore } from './revocations';
import { PasswordHasher } from './passwords';
import { RateCounters } from './rateCounters';
import { Registration } from './registration';
import { RoleAdmin } from './roles';
import { accountRouteDocs, accountRoutes } from './routes/account';
import { adminRouteDocs, adminRoutes } from './routes/admin';
import { directoryRouteDocs, directoryRoutes } from './routes/directory';
import { roleHistoryRoutes } from './routes/roleHistory';
import { sessionRouteDocs, sessionRoutes } from './routes/session';
import { ServiceKeys } from './serviceKeys';
import { SignIn } from './signIn';
import { SignInAlerts } from './signInAlerts';
import { TokenService } from './tokens';

export interface AuthAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
  keys: KeyRing;
  config: Pick<
    PlatformConfig,
    'auth' | 'web' | 'env' | 'corsOrigins' | 'trustProxy' | 'secureCookies' | 'metricsToken'
  >;
}

const apiKeyHeaders = z.object({ 'x-api-key': z.string().min(16).max(300) });
const revocationsQuery = z.object({ since: queryDate().optional() });

/** The auth service verifies its own tokens against its live key ring (rotations apply at once). */
function ownKeys(keys: KeyRing): JWTVerifyGetKey {
  return async (header, token) => createLocalJWKSet(await keys.jwks())(header, token);
}

/** Auth service: sessions and tokens, JWKS, service tokens, the directory, and administration. */
export function createAuthApp({ logger, db, broker, keys, config }: AuthAppDeps): Express {
  const revocations = new RevocationStore(db, config.auth.accessTtlSeconds);
  const verifier = createTokenVerifier(ownKeys(keys), revocations);
  const passwords = new PasswordHasher(config.auth.argon2MemoryKib);
  const tokens = new TokenService(db, keys, {
    access: config.auth.accessTtlSeconds,
    refresh: config.auth.refreshTtlSeconds,
    reuseGrace: config.auth.refreshReuseGraceSeconds,
  });
  const serviceKeys = new ServiceKeys(db, keys);
  const counters = new RateCounters(db);
  const throttle = new LoginThrottle(counters, {
    perAccountAddress: config.auth.loginMaxFailures,
    perAddress: config.auth.loginMaxFailuresPerAddress,
    alertAfter: config.auth.loginAlertAfterFailures,
    windowSeconds: config.auth.loginWindowSeconds,
  });
  const mail = new AccountMail(broker, counters, config.auth.mail);

  const open = Router();
  open.get('/.well-known/jwks.json', async (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=60');
    res.json(await keys.jwks());
  });
  open.post('/api/v1/service-tokens', async (req, res) => {
    const apiKey = parseInput(apiKeyHeaders, req.headers, 'headers')['x-api-key'];
    res.json(await serviceKeys.exchange(apiKey));
  });
  const otp = new EmailOtp({ db, passwords, mail, limits: config.auth.otp });
  const alerts = new SignInAlerts({ db, mail, windowSeconds: config.auth.loginWindowSeconds });
  const signIn = new SignIn({ db, passwords, tokens, throttle, otp, alerts });
  open.use(sessionRoutes({ tokens, signIn, otp, config }));
  open.use(
    accountRoutes({
      db,
      verifier,
      selfRegistration: config.auth.selfRegistration,
      registration: new Registration({ db, passwords, mail, webUrl: config.web.url }),
      resets: new PasswordResets({ db, tokens, passwords, mail, throttle, webUrl: config.web.url }),
      passwordChange: new PasswordChange({ db, tokens, passwords, throttle, alerts }),
      confirmation: { passwords, throttle, alerts },
    }),
  );

  const internal = Router();
  internal.get(
    '/internal/v1/token-revocations',
    authenticate(verifier),
    requireScope('users:read'),
    async (req, res) => {
      const { since } = parseInput(revocationsQuery, req.query, 'query');
      res.json(await revocations.page(since ?? null));
    },
  );

  const protectedRoutes = Router();
  protectedRoutes.use(
    [
      '/api/v1/users',
      '/api/v1/systems',
      '/api/v1/user-system-roles',
      '/api/v1/service-keys',
      '/api/v1/admin',
      '/api/v1/audit-log',
      '/api/v1/roles',
    ],
    authenticate(verifier),
  );
  protectedRoutes.use(directoryRoutes(db));
  protectedRoutes.use(adminRoutes({ db, roles: new RoleAdmin(db), serviceKeys, keys, passwords }));
  const roleHistory = roleHistoryRoutes(db);
  protectedRoutes.use(roleHistory.router);

  return createHttpApp({
    service: 'auth',
    logger,
    checks: { database: databaseCheck(db), broker: brokerCheck(broker) },
    routers: [open, internal, protectedRoutes],
    docs: [...authRouteDocs, ...roleHistory.docs],
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  });
}

const authRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    access: 'public',
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/service-tokens',
    summary: 'Exchange a service API key (x-api-key) for a service token',
    access: 'public',
    ok: 200,
    errors: [401, 422],
  },
  {
    method: 'get',
    path: '/internal/v1/token-revocations',
    summary:
      'Users whose access tokens issued before a time are void, changed since a cursor (services poll it)',
    access: 'service',
    query: revocationsQuery,
    ok: 200,
  },
  ...sessionRouteDocs,
  ...accountRouteDocs,
  ...directoryRouteDocs,
  ...adminRouteDocs,
];
