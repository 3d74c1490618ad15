import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { overrideBodySchema } from '../../../domain/overrides';
import { requireRole, userOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM } from '../../shared/auth/principal';
import { claimIdempotencyKey } from '../idempotentRequests';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import type { LifecycleClient } from '../../shared/lifecycleClient';
import { coordinatedTickets } from '../ticketRuns';
import { ticketNumber } from '../../shared/http/params';

const numberSchema = z.object({
  number: ticketNumber,
});
/** A ticket's live workflow state, admin overrides, and the tickets a user coordinates. */
export function ticketRoutes(
  db: Knex,
  lifecycles: LifecycleClient,
  guards: RequestHandler[],
): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/tickets/:number/state',
        summary: 'The ticket workflow’s live state',
        access: 'staff',
        params: numberSchema,
        ok: 200,
        errors: [404],
        handle: ({ params }) => lifecycles.state(params.number),
      }),
      route({
        method: 'post',
        path: '/api/v1/tickets/:number/overrides',
        summary: 'Admin override (validated Update); refusals say why',
        access: 'admin',
        params: numberSchema,
        body: overrideBodySchema,
        ok: 200,
        errors: [404, 409],
        before: [requireRole(DEFAULT_SYSTEM, 'admin')],
        handle: async ({ params: { number }, body, req }) => {
          const user = userOf(req);
          const updateId = await claimIdempotencyKey(
            db,
            `override:${number}:${user.userId}`,
            req.header('idempotency-key'),
            body,
          );
          return lifecycles.override(
            number,
            { ...body, actor: { userId: user.userId, roles: user.roles[DEFAULT_SYSTEM] ?? [] } },
            updateId,
          );
        },
      }),
      route({
        method: 'get',
        path: '/api/v1/coordinated-tickets',
        summary: 'Tickets the caller coordinates',
        access: 'staff',
        ok: 200,
        handle: async ({ req }) => ({ items: await coordinatedTickets(db, userOf(req).userId) }),
      }),
    ],
    guards,
  );
}
