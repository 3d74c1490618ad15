import type { Migration } from '../migration';
import { tickets } from './001_tickets';
import { outboxRequestId } from './002_outbox_request_id';
import { idempotencyPerRequester } from './003_idempotency_per_requester';
import { reopenAndSatisfaction } from './004_reopen_and_satisfaction';
import { dailyRollup } from './005_daily_rollup';
import { listAndDashboardIndexes } from './006_list_and_dashboard_indexes';

export const ticketMigrations: Migration[] = [
  tickets,
  outboxRequestId,
  idempotencyPerRequester,
  reopenAndSatisfaction,
  dailyRollup,
  listAndDashboardIndexes,
];
