import { randomUUID } from 'node:crypto';
import type { Broker } from '../../infra/amqp/broker';
import { LIVE_EXCHANGE } from '../../infra/amqp/topology';
import type { CommentView } from './comments';

export interface Viewer {
  userId: string;
  name: string;
}

export interface TicketEventView {
  eventKey: string;
  type: string;
  status?: string;
  priority?: string;
  occurredAt: string;
}

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
