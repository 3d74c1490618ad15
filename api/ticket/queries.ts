import type { Knex } from 'knex';
import { decodeCursor, encodeCursor } from '../shared/http/params';
import type { Priority, TicketStatus } from '../../domain/tickets';
import { TICKET_COLUMNS, toTicketView, type TicketRow, type TicketView } from './tickets';

export interface TicketFilter {
  status?: TicketStatus;
  priority?: Priority;
  department?: string;
  category?: string;
  assigneeId?: string;
  requesterId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  q?: string;
  limit: number;
  cursor?: string;
}

const cursorOf = (row: TicketRow): string =>
  encodeCursor(row.created_at.toISOString(), String(row.id));

/**
 * Tickets newest first with filters and full-text search, keyset-paginated on (created_at, id):
 * every page is an index range scan, no offsets, no count(*).
 */
export async function listTickets(
  db: Knex,
  filter: TicketFilter,
): Promise<{ items: TicketView[]; nextCursor: string | null }> {
  const query = db('tickets')
    .select(TICKET_COLUMNS)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(filter.limit + 1);
  if (filter.status) void query.where('status', filter.status);
  if (filter.priority) void query.where('priority', filter.priority);
  if (filter.department) void query.whereRaw('lower(department) = lower(?)', [filter.department]);
  if (filter.category) void query.whereRaw('lower(category) = lower(?)', [filter.category]);
  if (filter.assigneeId) void query.where('assignee_id', filter.assigneeId);
  if (filter.requesterId) void query.where('requester_id', filter.requesterId);
  if (filter.createdFrom) void query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo) void query.where('created_at', '<', filter.createdTo);
  if (filter.q) void query.whereRaw("search @@ websearch_to_tsquery('simple', ?)", [filter.q]);
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    void query.whereRaw('(created_at, id) < (?::timestamptz, ?::bigint)', [after.at, after.id]);
  }
  const rows = (await query) as TicketRow[];
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toTicketView),
    nextCursor: rows.length > filter.limit && last ? cursorOf(last) : null,
  };
}
