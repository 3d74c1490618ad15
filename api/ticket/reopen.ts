import type { Knex } from 'knex';
import { ConflictError, ForbiddenError } from '../../domain/errors';
import { FINAL_STATUSES } from '../../domain/tickets';
import { DEFAULT_SYSTEM, isStaff, type Principal } from '../shared/auth/principal';
import type { LifecycleClient } from '../shared/lifecycleClient';
import { findTicket, type TicketRow } from './tickets';

/** The ticket workflows, as far as reopening goes (the LifecycleClient in the running service). */
export type Reopener = Pick<LifecycleClient, 'reopen'>;

/**
 * A reopen the workflow would refuse anyway, refused without asking it. With an Idempotency-Key a
 * ticket that is open again goes to the workflow: the repeat of a reopen it applied answers as
 * the first did (the key is the update's id), any other is refused there.
 */
function refuseEarly(ticket: TicketRow, keyed: boolean): void {
  if (FINAL_STATUSES.includes(ticket.status)) {
    throw new ConflictError(
      `ticket ${ticket.number} is ${ticket.status}: it can no longer be reopened; file a new ticket`,
      'status',
    );
  }
  if (ticket.status !== 'resolved' && !keyed) {
    throw new ConflictError(
      `ticket ${ticket.number} is ${ticket.status}: only a resolved ticket can be reopened`,
      'status',
    );
  }
}

/**
 * Reopens a resolved ticket within its window, for its requester or staff (the caller has
 * checked the ticket is visible to them). The workflow decides: once its window has passed it
 * refuses (409). Answers the ticket as the workflow left it.
 */
export async function reopenTicket(
  db: Knex,
  lifecycles: Reopener,
  ticket: TicketRow,
  principal: Principal,
  input: { reason?: string | undefined; key?: string | undefined },
): Promise<TicketRow> {
  if (principal.kind !== 'user') {
    throw new ForbiddenError('a ticket is reopened by its requester or staff', 'authorization');
  }
  refuseEarly(ticket, input.key !== undefined);
  const own = principal.userId === ticket.requester_id;
  if (!own && !isStaff(principal, DEFAULT_SYSTEM)) {
    throw new ForbiddenError('only the requester or staff reopen a ticket', 'authorization');
  }
  await lifecycles.reopen(
    ticket.number,
    {
      actorId: principal.userId,
      via: own ? 'request' : 'staff',
      ...(input.reason ? { reason: input.reason } : {}),
    },
    input.key ? `reopen:${principal.userId}:${input.key}` : undefined,
  );
  return findTicket(db, ticket.number);
}

/**
 * Whether a user's new comment may be posted on the ticket (messaging asks before storing it): a
 * closed or cancelled ticket takes none (409); the requester's public reply to a resolved
 * ticket reopens it first (409 when its window has passed), so the reply lands on an open ticket.
 */
export async function admitComment(
  db: Knex,
  lifecycles: Reopener,
  ticketNumber: string,
  comment: { authorId: string; internal: boolean; key?: string | undefined },
): Promise<{ status: string; reopened: boolean }> {
  const ticket = await findTicket(db, ticketNumber);
  if (FINAL_STATUSES.includes(ticket.status)) {
    throw new ConflictError(
      `ticket ${ticket.number} is ${ticket.status}: it takes no new comments; file a new ticket`,
      'status',
    );
  }
  const reopens =
    ticket.status === 'resolved' && !comment.internal && comment.authorId === ticket.requester_id;
  if (!reopens) return { status: ticket.status, reopened: false };
  await lifecycles.reopen(
    ticket.number,
    { actorId: comment.authorId, via: 'reply' },
    comment.key ? `reply:${comment.key}` : undefined,
  );
  return { status: (await findTicket(db, ticket.number)).status, reopened: true };
}
