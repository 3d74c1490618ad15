import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { brokerCheck, databaseCheck, temporalCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { createHttpApp } from '../shared/http/app';

export interface WorkflowAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
  temporal: Client;
}

export function createWorkflowApp({ logger, db, broker, temporal }: WorkflowAppDeps): Express {
  return createHttpApp({
    service: 'workflow',
    logger,
    checks: {
      database: databaseCheck(db),
      broker: brokerCheck(broker),
      temporal: temporalCheck(temporal),
    },
  });
}
