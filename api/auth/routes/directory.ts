import type { RouteDoc } from '../../shared/http/openapi';
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ForbiddenError } from '../../../domain/errors';
import { principalOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM, hasRole, isStaff } from '../../shared/auth/principal';
import { parseInput } from '../../shared/http/validate';
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

/** Who holds a role is also open to staff: an agent transfers a task to a colleague by name. */
function assertRoleMemberReader(req: Request): void {
  if (isStaff(principalOf(req), DEFAULT_SYSTEM)) return;
  assertDirectoryReader(req);
}

/** Who holds a role (assignment candidates) and who a user is (notification addresses). */
export function directoryRoutes(db: Knex): Router {
  const router = Router();
  router.get('/api/v1/roles/:role/users', async (req, res) => {
    assertRoleMemberReader(req);
    const { role } = parseInput(membersParams, req.params, 'params');
    const { system } = parseInput(membersQuery, req.query, 'query');
    res.json({ items: await roleMembers(db, system, role) });
  });
  router.get('/api/v1/users/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'params');
    assertDirectoryReader(req, id);
    res.json(await toUserView(db, await findUser(db, id)));
  });
  router.post('/api/v1/users/lookup', async (req, res) => {
    assertDirectoryReader(req);
    const { emails } = parseInput(lookupBody, req.body, 'body');
    const users = await activeUsersByEmail(db, emails);
    res.json({ items: await Promise.all(users.map((user) => toUserView(db, user))) });
  });
  return router;
}

export const directoryRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/roles/:role/users',
    summary: 'Active holders of a role (assignment and transfer candidates; staff and services)',
    access: 'staff',
    params: membersParams,
    query: membersQuery,
    ok: 200,
  },
  {
    method: 'get',
    path: '/api/v1/users/:id',
    summary: 'One user (admins, services, the user)',
    access: 'user',
    params: idParam,
    ok: 200,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/users/lookup',
    summary: 'Active users by email, up to 10 (who an @mention names; admins and services)',
    access: 'service',
    body: lookupBody,
    ok: 200,
  },
];
