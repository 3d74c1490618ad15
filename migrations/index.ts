import type { ServiceName } from '../infra/config/services';
import { authMigrations } from './auth';
import type { Migration } from './migration';
import { messagingMigrations } from './messaging';
import { notificationMigrations } from './notification';
import { ticketMigrations } from './ticket';
import { workflowMigrations } from './workflow';

export const MIGRATIONS: Record<ServiceName, Migration[]> = {
  auth: authMigrations,
  workflow: workflowMigrations,
  ticket: ticketMigrations,
  messaging: messagingMigrations,
  notification: notificationMigrations,
};
