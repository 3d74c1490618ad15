import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { overrideBodySchema } from '../../../domain/overrides';
import { requireRole, userOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM } from '../../shared/auth/principal';
import { claimIdempotencyKey } from '../idempotentRequests';
import { parseInput } from '../../shared/http/validate';
import type { LifecycleClient } from '../../shared/lifecycleClient';
import { ticketNumber } from '../../shared/http/params';

const numberSchema = z.object({
  number: ticketNumber,
});
/** A ticket's live workflow state, admin overrides, and the tickets a user coordinates. */
export function ticketRoutes(db: Knex, lifecycles: LifecycleClient): Router {
  const router = Router();

  router.get('/api/v1/tickets/:number/state', async (req, res) => {
    const { number } = parseInput(numberSchema, req.params, 'params');
    res.json(await lifecycles.state(number));
  });

  router.post(
    '/api/v1/tickets/:number/overrides',
    requireRole(DEFAULT_SYSTEM, 'admin'),
    async (req, res) => {
      const { number } = parseInput(numberSchema, req.params, 'params');
      const body = parseInput(overrideBodySchema, req.body, 'body');
      const user = userOf(req);
      const updateId = await claimIdempotencyKey(
        db,
        `override:${number}:${user.userId}`,
        req.header('idempotency-key'),
        body,
      );
      const view = await lifecycles.override(
        number,
        { ...body, actor: { userId: user.userId, roles: user.roles[DEFAULT_SYSTEM] ?? [] } },
        updateId,
      );
      res.json(view);
    },
  );

  router.get('/api/v1/coordinated-tickets', async (req, res) => {
    const user = userOf(req);
    const rows = await db('ticket_runs')
      .where({ coordinator_id: user.userId })
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'ticket_number', order: 'desc' },
      ])
      .limit(100);
    res.json({
      items: rows.map((row: Record<string, unknown>) => ({
        ticketNumber: row.ticket_number,
        workflowId: row.workflow_id,
        status: row.status,
        priority: row.priority,
      })),
    });
  });

  return router;
}

export const lifecycleRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/tickets/:number/state',
    summary: 'The ticket workflow’s live state',
    access: 'staff',
    params: numberSchema,
    ok: 200,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/overrides',
    summary: 'Admin override (validated Update); refusals say why',
    access: 'admin',
    params: numberSchema,
    body: overrideBodySchema,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/coordinated-tickets',
    summary: 'Tickets the caller coordinates',
    access: 'staff',
    ok: 200,
  },
];
