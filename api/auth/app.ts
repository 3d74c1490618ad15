import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { createHttpApp } from '../shared/http/app';

export interface AuthAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
}

export function createAuthApp({ logger, db, broker }: AuthAppDeps): Express {
  return createHttpApp({
    service: 'auth',
    logger,
    checks: { database: databaseCheck(db), broker: brokerCheck(broker) },
  });
}
