import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import type { Metrics } from '../../infra/metrics/metrics';
import type { TokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import { inboxRoutes } from './routes/inbox';
import { internalRoutes } from './routes/internal';

export interface NotificationAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
  verifier: TokenVerifier;
  /** Browser origins allowed by CORS (the environment's allow-list); none in tests. */
  corsOrigins?: string[];
  /** The process's metrics registry, served at /metrics. */
  metrics?: Metrics;
  /** Bearer token /metrics requires (production); none: /metrics is open. */
  metricsToken?: string;
}

/** In-app inbox for users; bulk intake for services (queued like every other notification). */
export function createNotificationApp({
  logger,
  db,
  broker,
  verifier,
  corsOrigins,
  metrics,
  metricsToken,
}: NotificationAppDeps): Express {
  const tables = [inboxRoutes(db, verifier), internalRoutes(broker, verifier)];
  return createHttpApp({
    service: 'notification',
    logger,
    checks: { database: databaseCheck(db), broker: brokerCheck(broker) },
    routers: tables.map((table) => table.router),
    docs: tables.flatMap((table) => table.docs),
    ...(corsOrigins ? { corsOrigins } : {}),
    ...(metrics ? { metrics } : {}),
    ...(metricsToken ? { metricsToken } : {}),
  });
}
