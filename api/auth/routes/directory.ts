import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ForbiddenError } from '../../../domain/errors';
import { principalOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM, hasRole, isStaff } from '../../shared/auth/principal';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { activeUsersByEmail, findUser, roleMembers, toUserView } from '../users';
import { serialId } from '../../shared/http/params';

const membersParams = z.object({ role: z.string().trim().min(1).max(200) });
const membersQuery = z.object({
  system: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'not a system')
    .default(DEFAULT_SYSTEM),
});
const idParam = z.object({ id: serialId('a user id') });
const lookupBody = z.object({
  emails: z.array(z.string().trim().toLowerCase().email().max(254)).min(1).max(10),
});

/** Services with users:read and admins may read the directory; a user may read themself. */
function assertDirectoryReader(req: Request, selfId?: string): void {
  const principal = principalOf(req);
  if (principal.kind === 'service' && principal.scopes.includes('users:read')) return;
  if (hasRole(principal, DEFAULT_SYSTEM, 'admin')) return;
  if (selfId !== undefined && principal.kind === 'user' && principal.userId === selfId) return;
  throw new ForbiddenError('requires the admin role or service scope users:read', 'authorization');
}

const directoryReader: RequestHandler = (req, _res, next) => {
  assertDirectoryReader(req);
  next();
};

/** Who holds a role is also open to staff: an agent transfers a task to a colleague by name. */
const roleMemberReader: RequestHandler = (req, _res, next) => {
  if (!isStaff(principalOf(req), DEFAULT_SYSTEM)) assertDirectoryReader(req);
  next();
};

/** Who holds a role (assignment candidates) and who a user is (notification addresses). */
export function directoryRoutes(db: Knex, signedIn: RequestHandler): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/roles/:role/users',
        summary:
          'Active holders of a role (assignment and transfer candidates; staff and services)',
        access: 'staff',
        params: membersParams,
        query: membersQuery,
        ok: 200,
        before: [roleMemberReader],
        handle: async ({ params, query }) => ({
          items: await roleMembers(db, query.system, params.role),
        }),
      }),
      route({
        method: 'get',
        path: '/api/v1/users/:id',
        summary: 'One user (admins, services, the user)',
        access: 'user',
        params: idParam,
        ok: 200,
        errors: [404],
        handle: async ({ params, req }) => {
          assertDirectoryReader(req, params.id);
          return toUserView(db, await findUser(db, params.id));
        },
      }),
      route({
        method: 'post',
        path: '/api/v1/users/lookup',
        summary: 'Active users by email, up to 10 (who an @mention names; admins and services)',
        access: 'service',
        body: lookupBody,
        ok: 200,
        before: [directoryReader],
        handle: async ({ body }) => {
          const users = await activeUsersByEmail(db, body.emails);
          return { items: await Promise.all(users.map((user) => toUserView(db, user))) };
        },
      }),
    ],
    [signedIn],
  );
}
