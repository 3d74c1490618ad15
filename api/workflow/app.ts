import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { brokerCheck, databaseCheck, temporalCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import type { Metrics } from '../../infra/metrics/metrics';
import { authenticate, requireRole, requireStaff } from '../shared/auth/middleware';
import { DEFAULT_SYSTEM } from '../shared/auth/principal';
import type { TokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import { LifecycleClient } from '../shared/lifecycleClient';
import { DefinitionPublisher } from './definitionPublisher';
import { DefinitionStore } from './definitionStore';
import { catalogRoutes } from './routes/catalog';
import { definitionRoutes } from './routes/definitions';
import { taskRoutes } from './routes/tasks';
import { ticketRoutes } from './routes/tickets';
import { workflowPathRoutes } from './routes/workflowPath';

export interface WorkflowAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
  temporal: Client;
  verifier: TokenVerifier;
  /** Browser origins allowed by CORS (the environment's allow-list); none in tests. */
  corsOrigins?: string[];
  /** The process's metrics registry, served at /metrics. */
  metrics?: Metrics;
  /** Bearer token /metrics requires (production); none: /metrics is open. */
  metricsToken?: string;
}

/**
 * Workflow service: the intake catalog (users), definitions (admins), task queues and actions
 * (staff), overrides (admins).
 */
export function createWorkflowApp({
  logger,
  db,
  broker,
  temporal,
  verifier,
  corsOrigins,
  metrics,
  metricsToken,
}: WorkflowAppDeps): Express {
  const lifecycles = new LifecycleClient(temporal);
  const definitions = new DefinitionStore(db);
  const signedIn = authenticate(verifier);
  const staff = [signedIn, requireStaff(DEFAULT_SYSTEM)];
  const tables = [
    catalogRoutes(definitions, signedIn),
    definitionRoutes(definitions, new DefinitionPublisher(definitions, lifecycles), [
      signedIn,
      requireRole(DEFAULT_SYSTEM, 'admin'),
    ]),
    taskRoutes(db, lifecycles, staff),
    ticketRoutes(db, lifecycles, staff),
    workflowPathRoutes(db, staff),
  ];
  return createHttpApp({
    service: 'workflow',
    logger,
    checks: {
      database: databaseCheck(db),
      broker: brokerCheck(broker),
      temporal: temporalCheck(temporal),
    },
    routers: tables.map((table) => table.router),
    docs: tables.flatMap((table) => table.docs),
    ...(corsOrigins ? { corsOrigins } : {}),
    ...(metrics ? { metrics } : {}),
    ...(metricsToken ? { metricsToken } : {}),
  });
}
