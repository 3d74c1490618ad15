import type { Knex } from 'knex';
import { listTickets, type TicketFilter } from '../../api/ticket/queries';
import { listTasks, type TaskFilter } from '../../api/workflow/taskQueries';
import { encodeCursor } from '../../api/shared/http/params';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/platform';

const config = testConfig();

/**
 * The million-ticket bench's lists stay fast only while each list query and its index agree
 * (same columns, same order, the queue's coalesce and active statuses written alike in the query
 * and in migrations 006). With sequential scans and sorts priced out, each list shape must be
 * planned as a walk of its own index, with no Sort node: a query drifting from its index fails here.
 */
async function planOf(db: Knex, run: () => Promise<unknown>): Promise<string> {
  const captured: { sql: string; bindings: unknown[] }[] = [];
  const listen = (query: { sql: string; bindings: unknown[] }) => captured.push(query);
  db.on('query', listen);
  try {
    await run();
  } finally {
    db.off('query', listen);
  }
  const [query] = captured;
  if (!query || captured.length !== 1)
    throw new Error(`expected one query, ran ${captured.length}`);
  return db.transaction(async (trx) => {
    await trx.raw('set local enable_seqscan = off');
    await trx.raw('set local enable_sort = off');
    const rows = (
      await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(
        `explain ${query.sql.replace(/\$\d+/g, '?')}`,
        query.bindings as Knex.RawBinding[],
      )
    ).rows;
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

const cursor = encodeCursor('2026-01-01T00:00:00.000Z', '42');

describe('list queries are planned on their indexes', () => {
  let tickets: TestDatabase;
  let workflow: TestDatabase;

  beforeAll(async () => {
    [tickets, workflow] = await Promise.all([
      createTestDatabase(config, 'ticket'),
      createTestDatabase(config, 'workflow'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([tickets.drop(), workflow.drop()]);
  });

  const ticketShapes: [string, string, Omit<TicketFilter, 'limit'>][] = [
    ['all tickets', 'tickets_recent', {}],
    ['a requester by status', 'tickets_by_requester_status', { requesterId: '7', status: 'open' }],
    ['a priority', 'tickets_by_priority', { priority: 'critical', cursor }],
    ['status and priority', 'tickets_by_status_priority', { status: 'open', priority: 'high' }],
    ['a department, any case', 'tickets_by_department', { department: 'Legal', cursor }],
    ['a category', 'tickets_by_category', { category: 'Access' }],
    ['an assignee', 'tickets_by_assignee', { assigneeId: '12', cursor }],
  ];
  it.each(ticketShapes)('tickets: %s walks %s', async (_, index, filter) => {
    const plan = await planOf(tickets.db, () => listTickets(tickets.db, { ...filter, limit: 25 }));
    expect(plan).toContain(`Index Scan using ${index} on tickets`);
    expect(plan).not.toContain('Sort');
  });

  const taskShapes: [string, string, Omit<TaskFilter, 'limit'>][] = [
    ['my active tasks', 'tasks_queue_by_assignee', { assigneeId: '7', tab: 'active', cursor }],
    ["a role's active tasks", 'tasks_queue_by_role', { role: 'IT Support', tab: 'active' }],
    ['unassigned tasks', 'tasks_queue_unassigned', { tab: 'unassigned', cursor }],
    ['every task', 'tasks_queue_all', {}],
  ];
  it.each(taskShapes)('tasks: %s walks %s', async (_, index, filter) => {
    const plan = await planOf(workflow.db, () => listTasks(workflow.db, { ...filter, limit: 25 }));
    expect(plan).toContain(`Index Scan using ${index} on tasks`);
    expect(plan).not.toContain('Sort');
  });
});
