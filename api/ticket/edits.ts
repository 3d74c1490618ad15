import type { Knex } from 'knex';
import { ConflictError, ForbiddenError, ValidationError } from '../../domain/errors';
import { CLOSED_STATUSES } from '../../domain/tickets';
import { DEFAULT_SYSTEM, isStaff, type Principal } from '../shared/auth/principal';
import { addToRollup, firstResponseBump } from './rollup';
import { findTicket, historyKey, type TicketRow } from './tickets';

/** Fields a ticket's requester (and staff) edit; status and priority belong to the workflow. */
export interface TicketEdit {
  subject?: string | undefined;
  description?: string | undefined;
  department?: string | undefined;
  category?: string | undefined;
}

/** Fields the workflow owns, refused with the way to change them. */
export function refuseWorkflowFields(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  if ('status' in body)
    throw new ValidationError(
      'status is owned by the ticket workflow: act on the task instead',
      'body.status',
    );
  if ('priority' in body)
    throw new ValidationError(
      'priority changes are admin overrides on the workflow (POST /api/v1/tickets/:number/overrides)',
      'body.priority',
    );
}

/**
 * Edits an open ticket and records the edit in its history, in one transaction. Only staff
 * move a ticket between departments or categories; a staff edit is a first response when
 * nothing from staff came before (as the dashboard has always counted it).
 */
export async function editTicket(
  db: Knex,
  ticket: TicketRow,
  principal: Principal,
  edit: TicketEdit,
): Promise<TicketRow> {
  const staff = principal.kind === 'user' && isStaff(principal, DEFAULT_SYSTEM);
  const movesTicket = edit.department !== undefined || edit.category !== undefined;
  if (movesTicket && !isStaff(principal, DEFAULT_SYSTEM)) {
    throw new ForbiddenError(
      'only staff may change department or category',
      edit.department !== undefined ? 'body.department' : 'body.category',
    );
  }
  if (CLOSED_STATUSES.includes(ticket.status))
    throw new ConflictError(`ticket ${ticket.number} is ${ticket.status}`, 'status');
  const changes = Object.fromEntries(
    Object.entries(edit).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(changes).length === 0) throw new ValidationError('nothing to change', 'body');
  const at = new Date();
  await db.transaction(async (trx) => {
    await trx('tickets')
      .where({ id: ticket.id })
      .update({ ...changes, updated_at: at });
    await trx('ticket_history').insert({
      ticket_id: ticket.id,
      event_key: historyKey('edit', ticket.id),
      type: 'updated',
      actor_kind: 'user',
      actor_id: principal.kind === 'user' ? principal.userId : null,
      from_status: ticket.status,
      to_status: ticket.status,
      details: JSON.stringify({ fields: Object.keys(changes) }),
      occurred_at: at,
    });
    if (staff) {
      const first = await trx('tickets')
        .where({ id: ticket.id })
        .whereNull('first_response_at')
        .update({ first_response_at: at });
      if (first > 0) await addToRollup(trx, [firstResponseBump(ticket.created_at, at)]);
    }
  });
  return findTicket(db, ticket.number);
}
