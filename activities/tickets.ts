import { log } from '@temporalio/activity';
import type { TicketEvent } from '../domain/tickets';
import type { ServiceHttpClient } from '../infra/http/serviceClient';

export interface TicketApiDeps {
  tickets: ServiceHttpClient;
  messaging: ServiceHttpClient;
}

/** Activities on the ticket API: every status change, assignment, override and SLA event. */
export function createTicketActivities({ tickets, messaging }: TicketApiDeps) {
  return {
    /**
     * Idempotent by event.eventKey: a retried call records one history row. Once recorded, the
     * event is announced to the ticket's live viewers through messaging; that announcement is a
     * hint (viewers reload the ticket on reconnect), so its failure does not fail the activity.
     */
    async recordTicketEvent(input: { ticketNumber: string; event: TicketEvent }): Promise<void> {
      const path = `/internal/v1/tickets/${encodeURIComponent(input.ticketNumber)}/events`;
      await tickets.post(path, input.event, { idempotencyKey: input.event.eventKey });
      const { eventKey, type, status, priority, occurredAt } = input.event;
      await messaging
        .post(path, {
          eventKey,
          type,
          occurredAt,
          ...(status ? { status } : {}),
          ...(priority ? { priority } : {}),
        })
        .catch((error: unknown) => {
          log.warn('live ticket event not announced', { error: String(error), eventKey });
        });
    },
  };
}

export type TicketApiActivities = ReturnType<typeof createTicketActivities>;
