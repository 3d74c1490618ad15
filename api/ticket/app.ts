import type { Client } from '@temporalio/client';
import { Router, type Express } from 'express';
import type { Knex } from 'knex';
import { databaseCheck, temporalCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { authenticate } from '../shared/auth/middleware';
import type { TokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import { LifecycleClient } from '../shared/lifecycleClient';
import type { MediaStore } from '../shared/media/mediaStore';
import { internalRoutes } from './routes/internal';
import { reportRoutes } from './routes/reports';
import { ticketRoutes } from './routes/tickets';
import type { WorkflowStartRelay } from './workflowStarts';

export interface TicketAppDeps {
  logger: Logger;
  db: Knex;
  temporal: Client;
  verifier: TokenVerifier;
  media: MediaStore;
  relay: WorkflowStartRelay;
  maxAttachmentBytes: number;
  numberPrefix: string;
  /** Browser origins allowed by CORS (the environment's allow-list); none in tests. */
  corsOrigins?: string[];
  /** Bearer token /metrics requires (production); none: /metrics is open. */
  metricsToken?: string;
}

/**
 * Ticket service: intake (exactly-once workflow start), lists, edits, attachments, history,
 * reopening (an update on the ticket's workflow) and satisfaction ratings.
 */
export function createTicketApp(deps: TicketAppDeps): Express {
  const routes = Router();
  routes.use(['/api/v1/tickets', '/internal/v1/tickets'], authenticate(deps.verifier));
  const lifecycles = new LifecycleClient(deps.temporal);
  // Reports first: /api/v1/tickets/reports is not a ticket number.
  const tables = [
    reportRoutes(deps.db),
    ticketRoutes({ ...deps, lifecycles }),
    internalRoutes(deps.db, lifecycles),
  ];
  for (const table of tables) routes.use(table.router);
  return createHttpApp({
    service: 'ticket',
    logger: deps.logger,
    checks: { database: databaseCheck(deps.db), temporal: temporalCheck(deps.temporal) },
    routers: [routes],
    docs: tables.flatMap((table) => table.docs),
    ...(deps.corsOrigins ? { corsOrigins: deps.corsOrigins } : {}),
    ...(deps.metricsToken ? { metricsToken: deps.metricsToken } : {}),
  });
}
