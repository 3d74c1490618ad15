import express, { type Express, type Router } from 'express';
import { PLATFORM_VERSION } from '../../../infra/config/version';
import type { HealthCheck } from '../../../infra/health/checks';
import type { Logger } from '../../../infra/logging/logger';
import { errorHandler, routeNotFound } from './errorHandler';
import { cors } from './cors';
import { healthRouter } from './health';

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  checks: Record<string, HealthCheck>;
  routers?: Router[];
  bodyLimit?: string;
  /** Origins allowed to call from a browser; none: no CORS headers. */
  corsOrigins?: string[];
}

/** Express app shell every service shares: JSON body, health, its routers, 404 and one error handler. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  if (options.corsOrigins) app.use(cors(options.corsOrigins));
  app.use(express.json({ limit: options.bodyLimit ?? '1mb' }));
  app.use(healthRouter({ service: options.service, version: PLATFORM_VERSION }, options.checks));
  for (const router of options.routers ?? []) app.use(router);
  app.use(routeNotFound);
  app.use(errorHandler(options.logger));
  return app;
}
