import { z } from 'zod';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { requireRole } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM } from '../../shared/auth/principal';
import { serialId } from '../../shared/http/params';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { membershipHistory } from '../roleMembershipHistory';

const historyQuery = z.object({
  userId: serialId('a user id').optional(),
  system: z.string().min(1).max(50).optional(),
  role: z.string().min(1).max(200).optional(),
  before: serialId('an audit entry id').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit log's role membership history: who gave or took which role from whom, and when. */
export function roleHistoryRoutes(db: Knex, signedIn: RequestHandler): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/audit-log/role-memberships',
        summary: 'Role grants and revocations, newest first (filter by user, system, role)',
        access: 'admin',
        query: historyQuery,
        ok: 200,
        errors: [422],
        handle: ({ query }) =>
          membershipHistory(db, {
            limit: query.limit,
            ...(query.userId ? { userId: query.userId } : {}),
            ...(query.system ? { system: query.system } : {}),
            ...(query.role ? { role: query.role } : {}),
            ...(query.before ? { before: query.before } : {}),
          }),
      }),
    ],
    [signedIn, requireRole(DEFAULT_SYSTEM, 'admin')],
  );
}
