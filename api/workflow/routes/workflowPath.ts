import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ticketNumber } from '../../shared/http/params';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { workflowPath } from '../workflowPath';

const numberSchema = z.object({ number: ticketNumber });

/** A ticket's position on its workflow's graph, for staff (`guards` admit staff only). */
export function workflowPathRoutes(db: Knex, guards: RequestHandler[]): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/tickets/:number/workflow-path',
        summary: "The ticket's workflow graph, current step and the steps it went through",
        access: 'staff',
        params: numberSchema,
        ok: 200,
        errors: [404],
        handle: ({ params }) => workflowPath(db, params.number),
      }),
    ],
    guards,
  );
}
