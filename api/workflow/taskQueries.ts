import type { Knex } from 'knex';
import { NotFoundError } from '../../domain/errors';
import { ACTIVE_TASK_STATUSES } from '../../domain/tasks';
import { decodeCursor, encodeCursor } from '../shared/http/params';

export type TaskTab = 'active' | 'inactive' | 'unassigned';

export interface TaskFilter {
  assigneeId?: string;
  status?: string;
  role?: string;
  tab?: TaskTab;
  ticketNumber?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export interface TaskRecord {
  id: string;
  ticketNumber: string;
  workflowId: string;
  stepKey: string;
  stepName: string;
  role: string;
  assigneeId: string | null;
  status: string;
  slaDeadline: string | null;
  slaBreached: boolean;
  warningSent: boolean;
  lastAction: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

interface TaskRow {
  id: string;
  ticket_number: string;
  workflow_id: string;
  step_key: string;
  step_name: string;
  role: string;
  assignee_id: string | null;
  status: string;
  sla_deadline: Date | null;
  sla_breached: boolean;
  warning_sent: boolean;
  last_action: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

/** Sorts tasks without a deadline (on hold) after every dated one. */
const FAR_FUTURE = '9999-12-31T00:00:00.000Z';

const toRecord = (row: TaskRow): TaskRecord => ({
  id: String(row.id),
  ticketNumber: row.ticket_number,
  workflowId: row.workflow_id,
  stepKey: row.step_key,
  stepName: row.step_name,
  role: row.role,
  assigneeId: row.assignee_id,
  status: row.status,
  slaDeadline: row.sla_deadline?.toISOString() ?? null,
  slaBreached: row.sla_breached,
  warningSent: row.warning_sent,
  lastAction: row.last_action,
  createdAt: row.created_at.toISOString(),
  startedAt: row.started_at?.toISOString() ?? null,
  completedAt: row.completed_at?.toISOString() ?? null,
});

const cursorOf = (row: TaskRow): string =>
  encodeCursor(row.sla_deadline?.toISOString() ?? FAR_FUTURE, String(row.id));

/** Task lists ordered by SLA deadline (most urgent first), keyset-paginated: no offsets, no count. */
export async function listTasks(
  db: Knex,
  filter: TaskFilter,
): Promise<{ items: TaskRecord[]; nextCursor: string | null }> {
  const deadline = db.raw('coalesce(sla_deadline, ?::timestamptz)', [FAR_FUTURE]);
  const query = db<TaskRow>('tasks')
    .select('*')
    .orderByRaw('coalesce(sla_deadline, ?::timestamptz) asc, id asc', [FAR_FUTURE])
    .limit(filter.limit + 1);
  if (filter.assigneeId) void query.where('assignee_id', filter.assigneeId);
  if (filter.status) void query.where('status', filter.status);
  if (filter.role) void query.where('role', filter.role);
  if (filter.ticketNumber) void query.where('ticket_number', filter.ticketNumber);
  if (filter.tab === 'active') void query.whereIn('status', ACTIVE_TASK_STATUSES);
  if (filter.tab === 'inactive') void query.whereNotIn('status', ACTIVE_TASK_STATUSES);
  if (filter.tab === 'unassigned')
    void query.whereNull('assignee_id').whereIn('status', ACTIVE_TASK_STATUSES);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    void query.where(
      (q) => void q.whereILike('ticket_number', like).orWhereILike('step_name', like),
    );
  }
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    void query.whereRaw('(?, id) > (?::timestamptz, ?::bigint)', [deadline, after.at, after.id]);
  }
  const rows = await query;
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRecord),
    nextCursor: rows.length > filter.limit && last ? cursorOf(last) : null,
  };
}

export interface TaskDetail extends TaskRecord {
  assignments: {
    userId: string;
    userName: string;
    origin: string;
    status: string;
    notes: string | null;
    assignedAt: string;
    actedAt: string | null;
  }[];
}

export async function getTask(db: Knex, id: string): Promise<TaskDetail> {
  const row = await db<TaskRow>('tasks').where({ id }).first();
  if (!row) throw new NotFoundError(`no task ${id}`, 'id');
  const assignments = await db('task_assignments').where({ task_id: id }).orderBy('id');
  return {
    ...toRecord(row),
    assignments: assignments.map((a: Record<string, unknown>) => ({
      userId: String(a.user_id),
      userName: String(a.user_name),
      origin: String(a.origin),
      status: String(a.status),
      notes: (a.notes as string | null) ?? null,
      assignedAt: (a.assigned_at as Date).toISOString(),
      actedAt: (a.acted_at as Date | null)?.toISOString() ?? null,
    })),
  };
}
