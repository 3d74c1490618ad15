import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Broker } from '../../infra/amqp/broker';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { createHttpApp } from '../shared/http/app';

export interface MessagingAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
}

export function createMessagingApp({ logger, db, broker }: MessagingAppDeps): Express {
  return createHttpApp({
    service: 'messaging',
    logger,
    checks: { database: databaseCheck(db), broker: brokerCheck(broker) },
  });
}
