import type { Knex } from 'knex';
import { z } from 'zod';
import { PRIORITIES, TICKET_EVENT_TYPES, TICKET_STATUSES } from '../../../domain/tickets';
import { requireScope } from '../../shared/auth/middleware';
import { reply, route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { applyTicketEvents } from '../events';
import { admitComment, type Reopener } from '../reopen';
import type { TicketEvent } from '../../../domain/tickets';
import { ticketNumber } from '../../shared/http/params';

const eventSchema = z.object({
  eventKey: z.string().min(1).max(300),
  type: z.enum(TICKET_EVENT_TYPES),
  occurredAt: z.iso.datetime({ offset: true }),
  actor: z.object({ kind: z.enum(['system', 'user']), id: z.string().min(1).max(64).optional() }),
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  assigneeId: z.string().min(1).max(64).nullable().optional(),
  assignedRole: z.string().min(1).max(200).nullable().optional(),
  step: z.string().min(1).max(200).nullable().optional(),
  slaDeadline: z.iso.datetime({ offset: true }).nullable().optional(),
  slaBreached: z.boolean().optional(),
  reopenUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  details: z
    .record(z.string(), z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]))
    .optional(),
});
const idSchema = z.object({
  id: ticketNumber,
});

/** At most this many events in one batch: a workflow task's worth, with room. */
const MAX_BATCH = 50;
const batchSchema = z.object({ events: z.array(eventSchema).min(1).max(MAX_BATCH) });

const admissionSchema = z.object({
  authorId: z.string().min(1).max(64),
  internal: z.boolean(),
  key: z.string().min(1).max(300).optional(),
});

const toTicketEvent = (event: z.infer<typeof eventSchema>): TicketEvent => ({
  ...event,
  actor: { kind: event.actor.kind, ...(event.actor.id ? { id: event.actor.id } : {}) },
  ...(event.details ? { details: event.details } : {}),
});

/**
 * Endpoints the lifecycle's activities and messaging call with a service token (scope
 * tickets:write).
 */
export function internalRoutes(db: Knex, lifecycles: Reopener): RouteTable {
  return routeTable(
    [
      route({
        method: 'post',
        path: '/internal/v1/tickets/:id/comment-admissions',
        summary:
          'May a user comment now? 409 on a closed ticket; the requester’s public reply to a resolved one reopens it',
        access: 'service',
        params: idSchema,
        body: admissionSchema,
        ok: 200,
        errors: [404, 409],
        handle: ({ params, body }) => admitComment(db, lifecycles, params.id, body),
      }),
      route({
        method: 'post',
        path: '/internal/v1/tickets/:id/events',
        summary: 'Record a lifecycle event (idempotent by eventKey)',
        access: 'service',
        params: idSchema,
        body: eventSchema,
        ok: 201,
        errors: [404],
        handle: async ({ params, body }) => {
          const [applied] = await applyTicketEvents(db, params.id, [toTicketEvent(body)]);
          return reply(applied!.created ? 201 : 200, { event: applied!.entry });
        },
      }),
      route({
        method: 'post',
        path: '/internal/v1/tickets/:id/events/batch',
        summary: `Record up to ${MAX_BATCH} lifecycle events in order, in one transaction (each idempotent by eventKey)`,
        access: 'service',
        params: idSchema,
        body: batchSchema,
        ok: 200,
        errors: [404],
        handle: async ({ params, body }) => {
          const applied = await applyTicketEvents(db, params.id, body.events.map(toTicketEvent));
          return { events: applied.map(({ entry, created }) => ({ ...entry, created })) };
        },
      }),
    ],
    [requireScope('tickets:write')],
  );
}
