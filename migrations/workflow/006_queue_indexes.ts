import type { Migration } from '../migration';

/** The queue's order: deadline first, tasks without one (on hold) last, then id (tasks/queries.ts). */
const QUEUE_ORDER = "coalesce(sla_deadline, '9999-12-31T00:00:00.000Z'::timestamptz), id";
/** ACTIVE_TASK_STATUSES, as the queue's tabs filter them. */
const ACTIVE = "status in ('pending', 'in_progress', 'on_hold', 'escalated')";

const INDEXES: [name: string, definition: string][] = [
  ['tasks_queue_by_assignee', `(assignee_id, ${QUEUE_ORDER}) where ${ACTIVE}`],
  ['tasks_queue_by_role', `(role, ${QUEUE_ORDER}) where ${ACTIVE}`],
  ['tasks_queue_unassigned', `(${QUEUE_ORDER}) where assignee_id is null and ${ACTIVE}`],
  ['tasks_queue_all', `(${QUEUE_ORDER})`],
  // The queue's search is a substring match (ILIKE '%…%'): trigrams serve it from an index.
  ['tasks_search_number', `using gin (ticket_number gin_trgm_ops) where ${ACTIVE}`],
  ['tasks_search_step', `using gin (step_name gin_trgm_ops) where ${ACTIVE}`],
];

/**
 * Agent queues at a million tickets: each tab (mine, a role's, unassigned, all) is one ordered
 * index range in the queue's own order, so a page reads its rows and stops instead of sorting
 * every active task of the role; partial on the active statuses, as done tasks are most of the
 * table. The search box's substring match uses pg_trgm (a contrib extension Postgres ships).
 */
export const queueIndexes: Migration = {
  name: '006_queue_indexes',
  async up(knex) {
    await knex.raw('create extension if not exists pg_trgm');
    for (const [name, definition] of INDEXES) {
      await knex.raw(`create index ${name} on tasks ${definition}`);
    }
  },
  async down(knex) {
    for (const [name] of INDEXES) await knex.raw(`drop index ${name}`);
  },
};
