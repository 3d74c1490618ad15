import type { Client } from '@temporalio/client';
import { Router, type Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { brokerCheck, databaseCheck, temporalCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import type { Metrics } from '../../infra/metrics/metrics';
import { authenticate, requireRole, requireStaff } from '../shared/auth/middleware';
import { DEFAULT_SYSTEM } from '../shared/auth/principal';
import type { TokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import { catalogRouteDocs, catalogRoutes } from './definitions/catalog';
import { definitionRouteDocs, definitionRoutes } from './definitions/routes';
import { DefinitionStore } from './definitions/store';
import { LifecycleClient } from '../shared/lifecycleClient';
import { taskRoutes } from './tasks/routes';
import { workflowPathRoutes } from './tickets/pathRoutes';
import { lifecycleRouteDocs, ticketRoutes } from './tickets/routes';

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
  const users = Router();
  users.use('/api/v1/catalog', authenticate(verifier));
  users.use(catalogRoutes(definitions));
  const admin = Router();
  admin.use('/api/v1/workflows', authenticate(verifier), requireRole(DEFAULT_SYSTEM, 'admin'));
  admin.use(definitionRoutes(definitions, lifecycles));
  const staff = Router();
  staff.use(
    ['/api/v1/tasks', '/api/v1/tickets', '/api/v1/coordinated-tickets'],
    authenticate(verifier),
    requireStaff(DEFAULT_SYSTEM),
  );
  const tasks = taskRoutes(db, lifecycles);
  staff.use(tasks.router);
  staff.use(ticketRoutes(db, lifecycles));
  const paths = workflowPathRoutes(db);
  staff.use(paths.router);
  return createHttpApp({
    service: 'workflow',
    logger,
    checks: {
      database: databaseCheck(db),
      broker: brokerCheck(broker),
      temporal: temporalCheck(temporal),
    },
    routers: [users, admin, staff],
    docs: [
      ...catalogRouteDocs,
      ...definitionRouteDocs,
      ...tasks.docs,
      ...lifecycleRouteDocs,
      ...paths.docs,
    ],
    ...(corsOrigins ? { corsOrigins } : {}),
    ...(metrics ? { metrics } : {}),
    ...(metricsToken ? { metricsToken } : {}),
  });
}
