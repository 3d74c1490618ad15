import type { Migration } from '../migration';
import { tickets } from './001_tickets';
import { outboxRequestId } from './002_outbox_request_id';

export const ticketMigrations: Migration[] = [tickets, outboxRequestId];
