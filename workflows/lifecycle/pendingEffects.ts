import type { NotificationMessage } from '../../domain/notifications';
import type { TicketEvent } from '../../domain/tickets';

export interface PendingComment {
  commentKey: string;
  body: string;
}

/**
 * Effects a run with batched effects queues instead of performing one by one: history events,
 * notifications and system comments, each already carrying its idempotency key. They go out
 * together, side by side, at the next flush (before every wait and before an update is answered).
 */
export class PendingEffects {
  events: TicketEvent[] = [];
  email: NotificationMessage[] = [];
  inapp: NotificationMessage[] = [];
  comments: PendingComment[] = [];

  get empty(): boolean {
    return this.events.length + this.email.length + this.inapp.length + this.comments.length === 0;
  }

  /** Everything queued so far; the queue starts over empty. */
  take(): Pick<PendingEffects, 'events' | 'email' | 'inapp' | 'comments'> {
    const taken = {
      events: this.events,
      email: this.email,
      inapp: this.inapp,
      comments: this.comments,
    };
    this.events = [];
    this.email = [];
    this.inapp = [];
    this.comments = [];
    return taken;
  }
}
