import type { Knex } from 'knex';
import { ConflictError, ForbiddenError } from '../../domain/errors';
import type { SatisfactionRating } from '../../domain/tickets';
import type { Principal } from '../shared/auth/principal';
import { decodeCursor, encodeCursor } from '../shared/http/params';
import { historyKey, type SatisfactionView, type TicketRow } from './tickets';

interface SatisfactionRow {
  ticket_id: string;
  rating: SatisfactionRating;
  comment: string | null;
  rated_by: string;
  rated_at: Date;
}

const toView = (row: SatisfactionRow): SatisfactionView => ({
  rating: row.rating,
  comment: row.comment,
  ratedAt: row.rated_at.toISOString(),
});

export async function satisfactionOf(db: Knex, ticketId: string): Promise<SatisfactionView | null> {
  const row = await db<SatisfactionRow>('ticket_satisfaction')
    .where({ ticket_id: ticketId })
    .first();
  return row ? toView(row) : null;
}

/** Whether the ticket was resolved: resolved now, or closed after its reopen window. */
function wasResolved(ticket: TicketRow): boolean {
  return (
    ticket.status === 'resolved' || (ticket.status === 'closed' && ticket.resolved_at !== null)
  );
}

/**
 * The requester's rating of their resolved ticket (good or bad, with an optional comment). One
 * per ticket: rating again replaces it, and each change is one entry in the ticket's history.
 */
export async function rateTicket(
  db: Knex,
  ticket: TicketRow,
  principal: Principal,
  input: { rating: SatisfactionRating; comment?: string | undefined },
): Promise<SatisfactionView> {
  if (principal.kind !== 'user' || principal.userId !== ticket.requester_id) {
    throw new ForbiddenError('only the ticket’s requester rates it', 'authorization');
  }
  if (!wasResolved(ticket)) {
    throw new ConflictError(
      `ticket ${ticket.number} is ${ticket.status}: it can be rated once it is resolved`,
      'status',
    );
  }
  const comment = input.comment ?? null;
  return db.transaction(async (trx) => {
    const before = await trx<SatisfactionRow>('ticket_satisfaction')
      .where({ ticket_id: ticket.id })
      .forUpdate()
      .first();
    if (before && before.rating === input.rating && before.comment === comment)
      return toView(before);
    const [row] = await trx('ticket_satisfaction')
      .insert({
        ticket_id: ticket.id,
        rating: input.rating,
        comment,
        rated_by: principal.userId,
        rated_at: trx.fn.now(),
      })
      .onConflict('ticket_id')
      .merge()
      .returning<SatisfactionRow[]>('*');
    await trx('ticket_history').insert({
      ticket_id: ticket.id,
      event_key: historyKey('rating', ticket.id),
      type: 'satisfaction_rated',
      actor_kind: 'user',
      actor_id: principal.userId,
      from_status: ticket.status,
      to_status: ticket.status,
      details: JSON.stringify({ rating: input.rating, ...(before ? { from: before.rating } : {}) }),
      occurred_at: trx.fn.now(),
    });
    return toView(row!);
  });
}

export interface RatedTicket extends SatisfactionView {
  ticketNumber: string;
  subject: string;
  assigneeId: string | null;
}

/** The latest ratings, newest first, keyset-paginated on (rated_at, ticket id). */
export async function recentRatings(
  db: Knex,
  filter: { limit: number; rating?: SatisfactionRating | undefined; cursor?: string | undefined },
): Promise<{ items: RatedTicket[]; nextCursor: string | null }> {
  const query = db('ticket_satisfaction as s')
    .join('tickets as t', 't.id', 's.ticket_id')
    .select('s.*', 't.number', 't.subject', 't.assignee_id')
    .orderBy([
      { column: 's.rated_at', order: 'desc' },
      { column: 's.ticket_id', order: 'desc' },
    ])
    .limit(filter.limit + 1);
  if (filter.rating) void query.where('s.rating', filter.rating);
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    void query.whereRaw('(s.rated_at, s.ticket_id) < (?::timestamptz, ?::bigint)', [
      after.at,
      after.id,
    ]);
  }
  const rows = (await query) as (SatisfactionRow & {
    number: string;
    subject: string;
    assignee_id: string | null;
  })[];
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      ...toView(row),
      ticketNumber: row.number,
      subject: row.subject,
      assigneeId: row.assignee_id,
    })),
    nextCursor:
      rows.length > filter.limit && last
        ? encodeCursor(last.rated_at.toISOString(), String(last.ticket_id))
        : null,
  };
}
