import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { PLATFORM_VERSION } from '../../../infra/config/version';
import type { HealthCheck } from '../../../infra/health/checks';
import type { Logger } from '../../../infra/logging/logger';
import { Metrics } from '../../../infra/metrics/metrics';
import { errorHandler, routeNotFound } from './errorHandler';
import { cors } from './cors';
import { healthRouter } from './health';
import { requireMetricsToken } from './metricsAccess';
import { docsRouter, openApiDocument, type RouteDoc } from './openapi';
import { requestContext } from './requestContext';
import { rejectUnstorableText } from './storableText';

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  checks: Record<string, HealthCheck>;
  routers?: Router[];
  bodyLimit?: string;
  /** Proxies whose X-Forwarded-For names the client (req.ip); loopback only by default. */
  trustProxy?: string[];
  /** Origins allowed to call from a browser; none: no CORS headers. */
  corsOrigins?: string[];
  /** The process's registry, served at /metrics (a fresh one when the service adds nothing). */
  metrics?: Metrics;
  /** When set, /metrics answers only requests bearing this token (production); else anyone. */
  metricsToken?: string;
  /** The service's route contracts, served as OpenAPI at /api/docs and /api/docs.json. */
  docs?: RouteDoc[];
}

/**
 * Express app shell every service shares: request id, access log and latency metrics, JSON body,
 * a 400 for text Postgres cannot store,
 * health, /metrics, its routers, 404 and one error handler.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  const metrics = options.metrics ?? new Metrics(options.service);
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? ['loopback']);
  app.use(requestContext(options.logger, metrics));
  // nosniff, no framing, no referrer, same-site resources; the web app's own CSP is set where it
  // is served (api/web), the APIs answer JSON (and their docs page needs its scripts).
  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-site' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    }),
  );
  if (options.corsOrigins) app.use(cors(options.corsOrigins));
  app.use(express.json({ limit: options.bodyLimit ?? '1mb' }));
  app.use(rejectUnstorableText);
  app.use(healthRouter({ service: options.service, version: PLATFORM_VERSION }, options.checks));
  const metricsAccess = options.metricsToken ? [requireMetricsToken(options.metricsToken)] : [];
  app.get('/metrics', ...metricsAccess, async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  });
  if (options.docs) {
    app.use(docsRouter(openApiDocument(options.service, PLATFORM_VERSION, options.docs)));
  }
  for (const router of options.routers ?? []) app.use(router);
  app.use(routeNotFound);
  app.use(errorHandler(options.logger));
  return app;
}
