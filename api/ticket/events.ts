import type { Knex } from 'knex';
import {
  CLOSED_STATUSES,
  requesterDetails,
  requesterSeesEvent,
  type TicketEvent,
  type TicketStatus,
} from '../../domain/tickets';
import { NotFoundError } from '../../domain/errors';
import {
  addToRollup,
  eventBumps,
  isFirstResponse,
  type RollupBump,
  type RollupTicket,
} from './rollup';

export interface HistoryEntry {
  id: string;
  type: string;
  actor: { kind: string; id: string | null };
  fromStatus: string | null;
  toStatus: string | null;
  details: Record<string, unknown>;
  occurredAt: string;
}

interface HistoryRow {
  id: string;
  ticket_id: string;
  event_key: string;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  from_status: string | null;
  to_status: string | null;
  details: Record<string, unknown>;
  occurred_at: Date;
}

const toEntry = (row: HistoryRow): HistoryEntry => ({
  id: String(row.id),
  type: row.type,
  actor: { kind: row.actor_kind, id: row.actor_id },
  fromStatus: row.from_status,
  toStatus: row.to_status,
  details: row.details,
  occurredAt: row.occurred_at.toISOString(),
});

interface AppliedTicket extends RollupTicket {
  id: string;
}

/** The ticket the events apply to, locked until the transaction ends (batches apply in turn). */
async function lockTicket(trx: Knex.Transaction, number: string): Promise<AppliedTicket> {
  const row = await trx('tickets').where({ number }).forUpdate().first<
    | {
        id: string;
        status: TicketStatus;
        created_at: Date;
        requester_id: string;
        first_response_at: Date | null;
      }
    | undefined
  >('id', 'status', 'created_at', 'requester_id', 'first_response_at');
  if (!row) throw new NotFoundError(`no ticket ${number}`, 'id');
  return {
    id: row.id,
    status: row.status,
    createdAt: row.created_at,
    requesterId: row.requester_id,
    firstResponseAt: row.first_response_at,
  };
}

/**
 * Applies lifecycle events in order, in one transaction: for each a history row (unique per event
 * key, so a retried activity adds nothing), the ticket fields it carries and its counts in the
 * dashboard's daily rollup. Returns each entry and whether it was new.
 */
export async function applyTicketEvents(
  db: Knex,
  number: string,
  events: TicketEvent[],
): Promise<{ entry: HistoryEntry; created: boolean }[]> {
  return db.transaction(async (trx) => {
    const current = await lockTicket(trx, number);
    const applied: { entry: HistoryEntry; created: boolean }[] = [];
    const bumps: RollupBump[] = [];
    for (const event of events) applied.push(await applyOne(trx, current, event, bumps));
    await addToRollup(trx, bumps);
    return applied;
  });
}

/**
 * One event on `ticket` (as the events before left it; moved along here), its rollup counts
 * added to `bumps`.
 */
async function applyOne(
  trx: Knex.Transaction,
  ticket: AppliedTicket,
  event: TicketEvent,
  bumps: RollupBump[],
): Promise<{ entry: HistoryEntry; created: boolean }> {
  const existing = await trx<HistoryRow>('ticket_history')
    .where({ event_key: event.eventKey })
    .first();
  if (existing) return { entry: toEntry(existing), created: false };
  const [row] = await trx('ticket_history')
    .insert({
      ticket_id: ticket.id,
      event_key: event.eventKey,
      type: event.type,
      actor_kind: event.actor.kind,
      actor_id: event.actor.id ?? null,
      from_status: ticket.status,
      to_status: event.status ?? ticket.status,
      details: JSON.stringify(event.details ?? {}),
      occurred_at: event.occurredAt,
    })
    .returning<HistoryRow[]>('*');
  const changes: Record<string, unknown> = { updated_at: trx.fn.now() };
  if (event.status !== undefined) {
    changes.status = event.status;
    changes.closed_at = CLOSED_STATUSES.includes(event.status) ? event.occurredAt : null;
    // When it was last resolved: kept through the close that follows the reopen window, cleared
    // when it is reopened (its resolution figures then wait for the next resolve).
    if (event.status === 'resolved') changes.resolved_at = event.occurredAt;
    else if (!CLOSED_STATUSES.includes(event.status)) changes.resolved_at = null;
  }
  if (event.reopenUntil !== undefined) changes.reopen_until = event.reopenUntil;
  if (event.priority !== undefined) changes.priority = event.priority;
  if (event.assigneeId !== undefined) changes.assignee_id = event.assigneeId;
  if (event.assignedRole !== undefined) changes.assigned_role = event.assignedRole;
  if (event.slaDeadline !== undefined) changes.sla_deadline = event.slaDeadline;
  if (event.slaBreached !== undefined) changes.sla_breached = event.slaBreached;
  bumps.push(...eventBumps(ticket, event));
  if (isFirstResponse(ticket, event)) {
    changes.first_response_at = event.occurredAt;
    ticket.firstResponseAt = new Date(event.occurredAt);
  }
  await trx('tickets').where({ id: ticket.id }).update(changes);
  ticket.status = event.status ?? ticket.status;
  return { entry: toEntry(row as HistoryRow), created: true };
}

/**
 * A ticket's history, oldest first. For its requester (`audience: 'requester'`) only the entry
 * types and detail fields a requester may see, and no staff user ids.
 */
export async function historyOf(
  db: Knex,
  ticketId: string,
  audience: 'staff' | 'requester',
): Promise<HistoryEntry[]> {
  const rows = await db<HistoryRow>('ticket_history')
    .where({ ticket_id: ticketId })
    .orderBy([{ column: 'occurred_at' }, { column: 'id' }]);
  const entries = rows.map(toEntry);
  if (audience === 'staff') return entries;
  return entries
    .filter((entry) => requesterSeesEvent(entry.type))
    .map((entry) => ({
      ...entry,
      actor: { kind: entry.actor.kind, id: null },
      details: requesterDetails(entry.type, entry.details),
    }));
}
