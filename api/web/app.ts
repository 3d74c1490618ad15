import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import express, { Router, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { createHttpApp } from '../shared/http/app';
import type { Logger } from '../../infra/logging/logger';
import type { WebRuntimeConfig } from './contract';

export interface WebAppDeps {
  /** The Vite build of `web/` (index.html and hashed assets). */
  distDir: string;
  runtime: WebRuntimeConfig;
  logger: Logger;
  /** Bearer token /metrics requires (production); none: /metrics is open. */
  metricsToken?: string;
}

/** Paths the single-page app owns: everything but its assets, its config and the shell's own. */
const SPA_ROUTE = /^\/(?!assets\/|config\.json$|health$|metrics$)[^.]*$/;

function webRoutes({ distDir, runtime }: WebAppDeps, index: string): Router {
  const router = Router();
  router.get('/config.json', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(runtime);
  });
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d' }),
  );
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(SPA_ROUTE, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/**
 * The app keeps its session in localStorage, so a strict Content-Security-Policy is its XSS
 * defence: scripts only from this origin, network calls only to this origin and the APIs
 * (and their WebSockets) it was configured with, never framed.
 */
export function webSecurityHeaders(runtime: WebRuntimeConfig): RequestHandler {
  const apis = [...new Set(Object.values(runtime.services).map((url) => new URL(url).origin))];
  const sockets = apis.map((origin) => origin.replace(/^http/, 'ws'));
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...apis],
        connectSrc: ["'self'", ...apis, ...sockets],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
}

/** Serves the built web app: every client-side route gets index.html (bookmarkable URLs). */
export function createWebApp(deps: WebAppDeps): Express {
  const index = path.join(deps.distDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`no web build in ${deps.distDir}: run infra/scripts/build-web.sh`);
  }
  return createHttpApp({
    service: 'web',
    logger: deps.logger,
    checks: { build: () => access(index) },
    routers: [Router().use(webSecurityHeaders(deps.runtime)), webRoutes(deps, index)],
    ...(deps.metricsToken ? { metricsToken: deps.metricsToken } : {}),
  });
}
