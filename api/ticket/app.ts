import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import type { Knex } from 'knex';
import { databaseCheck, temporalCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import { createHttpApp } from '../shared/http/app';

export interface TicketAppDeps {
  logger: Logger;
  db: Knex;
  temporal: Client;
}

export function createTicketApp({ logger, db, temporal }: TicketAppDeps): Express {
  return createHttpApp({
    service: 'ticket',
    logger,
    checks: { database: databaseCheck(db), temporal: temporalCheck(temporal) },
  });
}
