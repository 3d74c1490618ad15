import { randomUUID } from 'node:crypto';
import type { Broker } from '../../infra/amqp/broker';
import { LIVE_EXCHANGE } from '../../infra/amqp/topology';
import type { CommentView } from './comments';

export interface Viewer {
  userId: string;
  name: string;
}

/** What a ticket's requester may see of a lifecycle event, live. */
export interface PublicTicketEvent {
  eventKey: string;
  type: string;
  status?: string;
  priority?: string;
  occurredAt: string;
}

/** A lifecycle event as staff see it live: with the assignment and the SLA state it left. */
export interface TicketEventView extends PublicTicketEvent {
  assigneeId?: string | null;
  assignedRole?: string | null;
  slaDeadline?: string | null;
  slaBreached?: boolean;
}

/** The event without its staff fields, for a requester. */
export const publicTicketEvent = ({
  eventKey,
  type,
  status,
  priority,
  occurredAt,
}: TicketEventView): PublicTicketEvent => ({
  eventKey,
  type,
  occurredAt,
  ...(status !== undefined ? { status } : {}),
  ...(priority !== undefined ? { priority } : {}),
});

/** What one messaging instance tells all of them (and they tell their sockets) about a ticket. */
export type LiveEvent =
  | {
      type: 'comment.created' | 'comment.edited' | 'comment.deleted' | 'comment.rated';
      ticket: string;
      comment: CommentView;
    }
  | { type: 'typing'; ticket: string; user: Viewer; socketId: string }
  | { type: 'presence'; ticket: string; viewers: Viewer[] }
  | { type: 'ticket.event'; ticket: string; event: TicketEventView };

export interface LivePublisher {
  publish(event: LiveEvent): Promise<void>;
}

/** Publishes live events on the fanout exchange every messaging instance listens to. */
export function brokerLivePublisher(broker: Broker): LivePublisher {
  return {
    publish: (event) =>
      broker.publish(`${broker.prefix}${LIVE_EXCHANGE}`, '', event, { messageId: randomUUID() }),
  };
}
