import { z } from 'zod';
import { principalOf, requireScope } from '../../shared/auth/middleware';
import { reply, route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import type { CommentService } from '../commentService';
import type { LivePublisher } from '../liveEvents';
import { ticketNumber } from '../../shared/http/params';

const ticketParams = z.object({
  id: ticketNumber,
});
const systemComment = z.object({
  commentKey: z.string().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
});
const ticketEvent = z.object({
  eventKey: z.string().min(1).max(300),
  type: z.string().min(1).max(60),
  status: z.string().min(1).max(40).optional(),
  priority: z.string().min(1).max(20).optional(),
  assigneeId: z.string().min(1).max(64).nullable().optional(),
  assignedRole: z.string().min(1).max(200).nullable().optional(),
  slaDeadline: z.iso.datetime({ offset: true }).nullable().optional(),
  slaBreached: z.boolean().optional(),
  occurredAt: z.iso.datetime({ offset: true }),
});
const ticketEvents = z.object({ events: z.array(ticketEvent).min(1).max(50) });

/** What the lifecycle's activities call with a service token (scope comments:write). */
export function internalRoutes(comments: CommentService, live: LivePublisher): RouteTable {
  return routeTable(
    [
      route({
        method: 'post',
        path: '/internal/v1/tickets/:id/comments',
        summary: 'A lifecycle system comment (idempotent by commentKey)',
        access: 'service',
        params: ticketParams,
        body: systemComment,
        ok: 201,
        errors: [404, 409],
        handle: async ({ params, body, req }) => {
          const { comment, created } = await comments.postSystem(
            principalOf(req),
            params.id,
            body.commentKey,
            body.body,
          );
          return reply(created ? 201 : 200, { comment });
        },
      }),
      route({
        method: 'post',
        path: '/internal/v1/tickets/:id/events/batch',
        summary: 'Announce several ticket events to live viewers, in order',
        access: 'service',
        params: ticketParams,
        body: ticketEvents,
        ok: 202,
        handle: async ({ params, body: { events } }) => {
          for (const event of events)
            await live.publish({ type: 'ticket.event', ticket: params.id, event });
          return { published: events.length };
        },
      }),
    ],
    [requireScope('comments:write')],
  );
}
