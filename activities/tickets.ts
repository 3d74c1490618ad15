import type { TicketEvent } from '../domain/tickets';
import type { ServiceHttpClient } from '../infra/http/serviceClient';

export interface TicketApiDeps {
  tickets: ServiceHttpClient;
}

/** Activities on the ticket API: every status change, assignment, override and SLA event. */
export function createTicketActivities({ tickets }: TicketApiDeps) {
  return {
    /** Idempotent by event.eventKey: a retried call records one history row. */
    async recordTicketEvent(input: { ticketNumber: string; event: TicketEvent }): Promise<void> {
      await tickets.post(
        `/internal/v1/tickets/${encodeURIComponent(input.ticketNumber)}/events`,
        input.event,
        { idempotencyKey: input.event.eventKey },
      );
    },
  };
}

export type TicketApiActivities = ReturnType<typeof createTicketActivities>;
