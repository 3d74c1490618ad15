import type { Migration } from '../migration';

/** CLOSED_STATUSES, as the dashboard's open counts exclude them. */
const OPEN = "status not in ('resolved', 'rejected', 'closed', 'cancelled')";

const INDEXES: [name: string, table: string, definition: string][] = [
  // Lists, newest first: each filter walks its own range in the list's order and stops at a page.
  ['tickets_by_requester_status', 'tickets', '(requester_id, status, created_at desc, id desc)'],
  ['tickets_by_priority', 'tickets', '(priority, created_at desc, id desc)'],
  ['tickets_by_status_priority', 'tickets', '(status, priority, created_at desc, id desc)'],
  ['tickets_by_department', 'tickets', '(lower(department), created_at desc, id desc)'],
  ['tickets_by_category', 'tickets', '(lower(category), created_at desc, id desc)'],
  // Dashboard over a period: index-only scans of what each figure reads.
  ['tickets_open_since', 'tickets', `(created_at) include (status, priority) where ${OPEN}`],
  ['tickets_breaches_since', 'tickets', '(created_at) include (sla_breached)'],
  [
    'tickets_resolved_since',
    'tickets',
    '(created_at) include (resolved_at) where resolved_at is not null',
  ],
  [
    'tickets_first_response_since',
    'tickets',
    '(created_at) include (first_response_at) where first_response_at is not null',
  ],
];

/**
 * Ticket lists and the dashboard at a million tickets (bench/million): an index per list filter
 * in the list's keyset order (requester + status, priority, status + priority, department and
 * category as compared, lowercased), and covering indexes for the dashboard's figures over a
 * period (the first response is the ticket's own first_response_at, kept since migration 005).
 */
export const listAndDashboardIndexes: Migration = {
  name: '006_list_and_dashboard_indexes',
  async up(knex) {
    for (const [name, table, definition] of INDEXES) {
      await knex.raw(`create index ${name} on ${table} ${definition}`);
    }
  },
  async down(knex) {
    for (const [name] of INDEXES) await knex.raw(`drop index ${name}`);
  },
};
