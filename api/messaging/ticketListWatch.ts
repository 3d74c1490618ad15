import { requesterSeesEvent } from '../../domain/tickets';
import type { Logger } from '../../infra/logging/logger';
import { DEFAULT_SYSTEM, isStaff, type UserPrincipal } from '../shared/auth/principal';
import { publicTicketEvent, type TicketEventView } from './liveEvents';

/** A `ticket.changed` message: the ticket and its event (a requester's without staff fields). */
export interface TicketChange {
  ticket: string;
  event: TicketEventView;
}

/** What a watcher sees: every ticket (staff), or the tickets it filed (a requester). */
export type WatchScope = 'all' | 'own';

export interface ListWatcher {
  principal: UserPrincipal;
}

export interface ListWatchDeps<W extends ListWatcher> {
  /** The ticket's requester; rejects when there is no such ticket. */
  requesterOf(ticketNumber: string): Promise<string>;
  send(watcher: W, message: Record<string, unknown>): void;
  logger: Logger;
}

/**
 * Sockets watching ticket lists (the ticket list, the agent queue): each lifecycle event becomes
 * a `ticket.changed` message. Staff get it whole (status, assignee, SLA state) for every ticket;
 * a requester gets the events a requester sees, without the staff fields, for their own tickets
 * only. Which tickets a watcher gets is the server's choice, from the token: a client names no
 * ticket, so it cannot ask for another's.
 */
export class TicketListWatch<W extends ListWatcher> {
  private readonly staff = new Set<W>();
  private readonly byRequester = new Map<string, Set<W>>();

  constructor(private readonly deps: ListWatchDeps<W>) {}

  /** Starts (or, after the roles changed, re-scopes) a watch; returns its scope. */
  watch(watcher: W): WatchScope {
    this.unwatch(watcher);
    if (isStaff(watcher.principal, DEFAULT_SYSTEM)) {
      this.staff.add(watcher);
      return 'all';
    }
    const userId = watcher.principal.userId;
    const own = this.byRequester.get(userId) ?? new Set<W>();
    own.add(watcher);
    this.byRequester.set(userId, own);
    return 'own';
  }

  /** True if the watcher was watching. */
  unwatch(watcher: W): boolean {
    const wasStaff = this.staff.delete(watcher);
    const own = this.byRequester.get(watcher.principal.userId);
    const wasOwn = own?.delete(watcher) ?? false;
    if (own?.size === 0) this.byRequester.delete(watcher.principal.userId);
    return wasStaff || wasOwn;
  }

  isWatching(watcher: W): boolean {
    return (
      this.staff.has(watcher) ||
      (this.byRequester.get(watcher.principal.userId)?.has(watcher) ?? false)
    );
  }

  deliver(ticket: string, event: TicketEventView): void {
    for (const watcher of this.staff)
      this.deps.send(watcher, { type: 'ticket.changed', ticket, event });
    if (this.byRequester.size === 0 || !requesterSeesEvent(event.type)) return;
    this.deps
      .requesterOf(ticket)
      .then((requesterId) => {
        const message = { type: 'ticket.changed', ticket, event: publicTicketEvent(event) };
        for (const watcher of this.byRequester.get(requesterId) ?? []) {
          this.deps.send(watcher, message);
        }
      })
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, ticket }, 'ticket change not sent to its requester'),
      );
  }
}
