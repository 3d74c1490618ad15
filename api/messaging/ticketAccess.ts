import { NotFoundError } from '../../domain/errors';
import type { ServiceHttpClient } from '../../infra/http/serviceClient';
import { DEFAULT_SYSTEM, hasRole, isStaff, type Principal } from '../shared/auth/principal';

/** A user's comment about to be stored, as the ticket API weighs it. */
export interface CommentAdmission {
  authorId: string;
  internal: boolean;
  /** The comment's idempotency key: a retried reply reopens the ticket once. */
  key?: string;
}

/** What messaging asks the ticket API: who may read a ticket's comments, and who may add one. */
export interface TicketDirectory {
  /** The requester's user id; NotFoundError when there is no such ticket. */
  requesterOf(ticketNumber: string): Promise<string>;
  /**
   * Resolves when the user's comment may be stored now (never cached: status changes): a
   * ConflictError when the ticket is closed or cancelled, or is resolved and the requester's
   * reply can no longer reopen it. The requester's public reply to a resolved ticket reopens it.
   */
  admitComment(ticketNumber: string, comment: CommentAdmission): Promise<void>;
}

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * Asks the ticket API (as this service) and caches answers for a minute: a ticket's requester
 * never changes, so the cache only spares the ticket API one call per subscribe and post.
 */
export function httpTicketDirectory(tickets: ServiceHttpClient): TicketDirectory {
  const cache = new Map<string, { requesterId: string; expiresAt: number }>();
  return {
    async requesterOf(ticketNumber) {
      const hit = cache.get(ticketNumber);
      if (hit && hit.expiresAt > Date.now()) return hit.requesterId;
      const ticket = await tickets.get<{ requesterId: string }>(
        `/api/v1/tickets/${encodeURIComponent(ticketNumber)}`,
      );
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value ?? '');
      cache.set(ticketNumber, {
        requesterId: ticket.requesterId,
        expiresAt: Date.now() + CACHE_TTL_MS,
      });
      return ticket.requesterId;
    },
    async admitComment(ticketNumber, comment) {
      await tickets.post(
        `/internal/v1/tickets/${encodeURIComponent(ticketNumber)}/comment-admissions`,
        comment,
      );
    },
  };
}

export interface TicketAccess {
  /** Staff and services read internal notes; requesters never do. */
  seesInternal: boolean;
  isAdmin: boolean;
}

/**
 * Staff and services may read every ticket's comments; a requester only their own tickets'.
 * Others' tickets answer 404, as the ticket API does (no existence leak).
 */
export async function accessTo(
  directory: TicketDirectory,
  principal: Principal,
  ticketNumber: string,
): Promise<TicketAccess> {
  const requesterId = await directory.requesterOf(ticketNumber);
  if (principal.kind === 'service') return { seesInternal: true, isAdmin: false };
  const staff = isStaff(principal, DEFAULT_SYSTEM);
  if (!staff && principal.userId !== requesterId) {
    throw new NotFoundError(`no ticket ${ticketNumber}`, 'ticket');
  }
  return { seesInternal: staff, isAdmin: hasRole(principal, DEFAULT_SYSTEM, 'admin') };
}
