import { log } from '@temporalio/activity';
import type { TicketEvent } from '../domain/tickets';
import type { ServiceHttpClient } from '../infra/http/serviceClient';

export interface TicketApiDeps {
  tickets: ServiceHttpClient;
  messaging: ServiceHttpClient;
}

/** Activities on the ticket API: every status change, assignment, override and SLA event. */
export function createTicketActivities({ tickets, messaging }: TicketApiDeps) {
  const eventsPath = (ticketNumber: string) =>
    `/internal/v1/tickets/${encodeURIComponent(ticketNumber)}/events`;

  /** What live viewers get: the event's type and the ticket's status, assignment and SLA state. */
  const announced = (event: TicketEvent) => {
    const { eventKey, type, status, priority, occurredAt } = event;
    const { assigneeId, assignedRole, slaDeadline, slaBreached } = event;
    return {
      eventKey,
      type,
      occurredAt,
      ...(status ? { status } : {}),
      ...(priority ? { priority } : {}),
      ...(assigneeId !== undefined ? { assigneeId } : {}),
      ...(assignedRole !== undefined ? { assignedRole } : {}),
      ...(slaDeadline !== undefined ? { slaDeadline } : {}),
      ...(slaBreached !== undefined ? { slaBreached } : {}),
    };
  };

  /**
   * Tells the ticket's live viewers through messaging. A hint (viewers reload the ticket on
   * reconnect), so its failure does not fail the activity.
   */
  const announce = async (ticketNumber: string, events: TicketEvent[]): Promise<void> => {
    await messaging
      .post(`${eventsPath(ticketNumber)}/batch`, { events: events.map(announced) })
      .catch((error: unknown) => {
        log.warn('live ticket events not announced', {
          error: String(error),
          eventKeys: events.map((event) => event.eventKey),
        });
      });
  };

  return {
    /** Idempotent by event.eventKey: a retried call records one history row; then announced. */
    async recordTicketEvent(input: { ticketNumber: string; event: TicketEvent }): Promise<void> {
      await tickets.post(eventsPath(input.ticketNumber), input.event, {
        idempotencyKey: input.event.eventKey,
      });
      await announce(input.ticketNumber, [input.event]);
    },

    /**
     * Several events in order, in one call and one transaction of the ticket API (each idempotent
     * by its key), then announced to live viewers in one call.
     */
    async recordTicketEvents(input: {
      ticketNumber: string;
      events: TicketEvent[];
    }): Promise<void> {
      await tickets.post(`${eventsPath(input.ticketNumber)}/batch`, { events: input.events });
      await announce(input.ticketNumber, input.events);
    },
  };
}

export type TicketApiActivities = ReturnType<typeof createTicketActivities>;
