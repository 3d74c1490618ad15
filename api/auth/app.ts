import type { Express } from 'express';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import type { PlatformConfig } from '../../infra/config/config';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { authenticate } from '../shared/auth/middleware';
import { createTokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import type { KeyRing } from './keys';
import { AccountMail } from './accountMail';
import { KeyAdmin } from './keyAdmin';
import { EmailOtp } from './emailOtp';
import { LoginThrottle } from './loginThrottle';
import { PasswordChange } from './passwordChange';
import { PasswordResets } from './passwordResets';
import { RevocationStore } from './revocations';
import { PasswordHasher } from './passwords';
import { RateCounters } from './rateCounters';
import { Registration } from './registration';
import { RoleAdmin } from './roles';
import { accountRoutes } from './routes/account';
import { adminRoutes } from './routes/admin';
import { directoryRoutes } from './routes/directory';
import { roleHistoryRoutes } from './routes/roleHistory';
import { sessionRoutes } from './routes/session';
import { tokenRoutes } from './routes/tokens';
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

  const otp = new EmailOtp({ db, passwords, mail, limits: config.auth.otp });
  const alerts = new SignInAlerts({ db, mail, windowSeconds: config.auth.loginWindowSeconds });
  const signIn = new SignIn({ db, passwords, tokens, throttle, otp, alerts });
  const signedIn = authenticate(verifier);
  const tables = [
    tokenRoutes({ keys, serviceKeys, revocations, signedIn }),
    sessionRoutes({ tokens, signIn, otp, config }),
    accountRoutes({
      db,
      signedIn,
      selfRegistration: config.auth.selfRegistration,
      registration: new Registration({ db, passwords, mail, webUrl: config.web.url }),
      resets: new PasswordResets({ db, tokens, passwords, mail, throttle, webUrl: config.web.url }),
      passwordChange: new PasswordChange({ db, tokens, passwords, throttle, alerts }),
      confirmation: { passwords, throttle, alerts },
    }),
    directoryRoutes(db, signedIn),
    adminRoutes({
      db,
      roles: new RoleAdmin(db),
      keyAdmin: new KeyAdmin(db, serviceKeys, keys),
      serviceKeys,
      passwords,
      signedIn,
    }),
    roleHistoryRoutes(db, signedIn),
  ];

  return createHttpApp({
    service: 'auth',
    logger,
    checks: { database: databaseCheck(db), broker: brokerCheck(broker) },
    routers: tables.map((table) => table.router),
    docs: tables.flatMap((table) => table.docs),
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  });
}
