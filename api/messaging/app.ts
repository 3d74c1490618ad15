import { Router, type Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import type { Metrics } from '../../infra/metrics/metrics';
import { authenticate } from '../shared/auth/middleware';
import type { TokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import type { CommentService } from './commentService';
import type { LivePublisher } from './liveEvents';
import { commentRouteDocs, commentRoutes } from './routes/comments';
import { internalRouteDocs, internalRoutes } from './routes/internal';

export interface MessagingAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
  verifier: TokenVerifier;
  comments: CommentService;
  live: LivePublisher;
  maxAttachmentBytes: number;
  /** Browser origins allowed by CORS (the environment's allow-list); none in tests. */
  corsOrigins?: string[];
  /** The process's metrics registry, served at /metrics. */
  metrics?: Metrics;
  /** Bearer token /metrics requires (production); none: /metrics is open. */
  metricsToken?: string;
}

/** Messaging over REST (the WebSocket side is the CommentHub on the same server). */
export function createMessagingApp(deps: MessagingAppDeps): Express {
  const routes = Router();
  routes.use(['/api/v1/tickets', '/internal/v1'], authenticate(deps.verifier));
  routes.use(commentRoutes(deps.comments, deps.maxAttachmentBytes));
  routes.use(internalRoutes(deps.comments, deps.live));
  return createHttpApp({
    service: 'messaging',
    logger: deps.logger,
    checks: { database: databaseCheck(deps.db), broker: brokerCheck(deps.broker) },
    routers: [routes],
    docs: [...commentRouteDocs, ...internalRouteDocs],
    ...(deps.corsOrigins ? { corsOrigins: deps.corsOrigins } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.metricsToken ? { metricsToken: deps.metricsToken } : {}),
  });
}
