import type { RequestHandler } from 'express';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import type { Knex } from 'knex';
import { z } from 'zod';
import { key } from '../../../domain/definitionSchema';
import { ConflictError } from '../../../domain/errors';
import { TASK_STATUSES } from '../../../domain/tasks';
import { userOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM } from '../../shared/auth/principal';
import { claimIdempotencyKey } from '../idempotentRequests';
import type { LifecycleClient } from '../../shared/lifecycleClient';
import { getTask, listTasks } from '../taskQueries';
import { serialId } from '../../shared/http/params';

const listSchema = z.object({
  assignee: z.string().min(1).max(64).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  role: z.string().min(1).max(200).optional(),
  tab: z.enum(['active', 'inactive', 'unassigned']).optional(),
  ticket: z.string().min(1).max(40).optional(),
  q: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});
const idSchema = z.object({ id: serialId('a task id') });
const actionSchema = z.object({
  /** A step action or one of the step's transitions (the workflow knows which it allows). */
  action: key,
  notes: z.string().max(5000).optional(),
  targetUserId: z.string().min(1).max(64).optional(),
  reason: z.string().max(2000).optional(),
});

/** Agents' task queues and the actions they take (sent to the ticket's workflow as Updates). */
export function taskRoutes(
  db: Knex,
  lifecycles: LifecycleClient,
  guards: RequestHandler[],
): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/tasks',
        summary: 'Task queues: mine, by role, tabs, search',
        access: 'staff',
        query: listSchema,
        ok: 200,
        handle: ({ query, req }) =>
          listTasks(db, {
            ...(query.assignee
              ? { assigneeId: query.assignee === 'me' ? userOf(req).userId : query.assignee }
              : {}),
            ...(query.status ? { status: query.status } : {}),
            ...(query.role ? { role: query.role } : {}),
            ...(query.tab ? { tab: query.tab } : {}),
            ...(query.ticket ? { ticketNumber: query.ticket } : {}),
            ...(query.q ? { q: query.q } : {}),
            ...(query.cursor ? { cursor: query.cursor } : {}),
            limit: query.limit,
          }),
      }),
      route({
        method: 'get',
        path: '/api/v1/tasks/:id',
        summary: 'One task',
        access: 'staff',
        params: idSchema,
        ok: 200,
        errors: [404],
        handle: ({ params }) => getTask(db, params.id),
      }),
      route({
        method: 'post',
        path: '/api/v1/tasks/:id/actions',
        summary: 'Act on a task (an Update to the ticket workflow)',
        access: 'staff',
        params: idSchema,
        body: actionSchema,
        ok: 200,
        errors: [404, 409],
        handle: async ({ params: { id }, body, req }) => {
          const user = userOf(req);
          const task = await getTask(db, id);
          const live = await lifecycles.state(task.ticketNumber);
          if (live.task?.taskId !== task.id) {
            throw new ConflictError(
              `task ${id} is no longer the ticket's current task (${task.status})`,
              'id',
            );
          }
          const updateId = await claimIdempotencyKey(
            db,
            `act:${id}:${user.userId}`,
            req.header('idempotency-key'),
            body,
          );
          return lifecycles.act(
            task.ticketNumber,
            {
              actor: { userId: user.userId, roles: user.roles[DEFAULT_SYSTEM] ?? [] },
              action: body.action,
              ...(body.notes !== undefined ? { notes: body.notes } : {}),
              ...(body.targetUserId !== undefined ? { targetUserId: body.targetUserId } : {}),
              ...(body.reason !== undefined ? { reason: body.reason } : {}),
            },
            updateId,
          );
        },
      }),
    ],
    guards,
  );
}
