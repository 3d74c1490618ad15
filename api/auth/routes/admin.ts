import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { requireRole, userOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM, SERVICE_SCOPES } from '../../shared/auth/principal';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { auditLog } from '../audit';
import type { KeyAdmin } from '../keyAdmin';
import { assertStrongEnough, type PasswordHasher } from '../passwords';
import type { RoleAdmin } from '../roles';
import type { ServiceKeys } from '../serviceKeys';
import { createUserWithRoles, listUsers, updateUser } from '../userAdmin';
import { toUserView } from '../users';
import { serialId } from '../../shared/http/params';

const name = z.string().trim().min(1).max(200);
const systemKey = z.string().regex(/^[a-z][a-z0-9_-]{0,49}$/, 'lower-case letters, digits, - or _');
const idParam = z.object({ id: serialId('an id') });
const systemParam = z.object({ system: systemKey });
const roleParam = systemParam.extend({ role: name });
const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name,
  password: z.string().min(1).max(200),
  roles: z
    .array(z.object({ system: systemKey, role: name }))
    .max(50)
    .default([]),
});
const updateUserSchema = z
  .object({ name: name.optional(), active: z.boolean().optional() })
  .strict();
const assignmentSchema = z.object({
  userId: serialId('a user id'),
  system: systemKey,
  role: name,
});
const listUsersSchema = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
const serviceKeySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,99}$/, 'lower-case name'),
  scopes: z.array(z.enum(SERVICE_SCOPES)).min(1),
});
const systemSchema = z.object({ key: systemKey, name });
const roleSchema = z.object({ name });
const auditSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export interface AdminDeps {
  db: Knex;
  roles: RoleAdmin;
  keyAdmin: KeyAdmin;
  serviceKeys: ServiceKeys;
  passwords: PasswordHasher;
  /** Authenticates the caller (every admin route needs a signed-in admin). */
  signedIn: RequestHandler;
}

/** Everything an admin of the tts system manages: users, systems, roles, keys, the audit log. */
export function adminRoutes(deps: AdminDeps): RouteTable {
  const { db, roles, keyAdmin, serviceKeys, passwords } = deps;
  const actor = (req: Request): string => userOf(req).userId;
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/users',
        summary: 'Users, searchable',
        access: 'admin',
        query: listUsersSchema,
        ok: 200,
        errors: [400],
        handle: async ({ query }) => ({ items: await listUsers(db, query) }),
      }),
      route({
        method: 'post',
        path: '/api/v1/users',
        summary: 'Create a user with system roles',
        access: 'admin',
        body: createUserSchema,
        ok: 201,
        errors: [404, 409],
        handle: async ({ body, req }) => {
          assertStrongEnough(body.password, 'body.password');
          const user = await createUserWithRoles(db, actor(req), {
            email: body.email,
            name: body.name,
            passwordHash: await passwords.hash(body.password),
            roles: body.roles,
          });
          return toUserView(db, user);
        },
      }),
      route({
        method: 'patch',
        path: '/api/v1/users/:id',
        summary: 'Rename, (de)activate a user',
        access: 'admin',
        params: idParam,
        body: updateUserSchema,
        ok: 200,
        errors: [404, 409],
        handle: ({ params, body, req }) => updateUser(db, roles, actor(req), params.id, body),
      }),
      route({
        method: 'get',
        path: '/api/v1/systems',
        summary: 'Systems (tts, hdts...)',
        access: 'admin',
        ok: 200,
        handle: async () => ({ items: await roles.systems() }),
      }),
      route({
        method: 'post',
        path: '/api/v1/systems',
        summary: 'Add a system',
        access: 'admin',
        body: systemSchema,
        ok: 201,
        errors: [409],
        handle: ({ body, req }) => roles.createSystem(actor(req), body.key, body.name),
      }),
      route({
        method: 'get',
        path: '/api/v1/systems/:system/roles',
        summary: 'Roles of a system',
        access: 'admin',
        params: systemParam,
        ok: 200,
        errors: [404],
        handle: async ({ params }) => ({ items: await roles.roles(params.system) }),
      }),
      route({
        method: 'post',
        path: '/api/v1/systems/:system/roles',
        summary: 'Add a role (announced on tts.role.sync)',
        access: 'admin',
        params: systemParam,
        body: roleSchema,
        ok: 201,
        errors: [404, 409],
        handle: async ({ params, body, req }) => {
          await roles.createRole(actor(req), params.system, body.name);
          return { system: params.system, name: body.name };
        },
      }),
      route({
        method: 'delete',
        path: '/api/v1/systems/:system/roles/:role',
        summary: 'Remove an unused role',
        access: 'admin',
        params: roleParam,
        ok: 204,
        errors: [404, 409],
        handle: async ({ params, req }) => {
          await roles.deleteRole(actor(req), params.system, params.role);
        },
      }),
      route({
        method: 'post',
        path: '/api/v1/user-system-roles',
        summary: 'Give a user a role (announced on tts.user_system_role.sync)',
        access: 'admin',
        body: assignmentSchema,
        ok: 201,
        errors: [404, 409],
        handle: async ({ body, req }) => {
          await roles.assign(actor(req), body.userId, body.system, body.role);
          return body;
        },
      }),
      route({
        method: 'delete',
        path: '/api/v1/user-system-roles',
        summary: 'Take a role from a user',
        access: 'admin',
        body: assignmentSchema,
        ok: 204,
        errors: [404],
        handle: async ({ body, req }) => {
          await roles.revoke(actor(req), body.userId, body.system, body.role);
        },
      }),
      route({
        method: 'get',
        path: '/api/v1/service-keys',
        summary: 'Service API keys (never the secrets)',
        access: 'admin',
        ok: 200,
        handle: async () => ({ items: await serviceKeys.list() }),
      }),
      route({
        method: 'post',
        path: '/api/v1/service-keys',
        summary: 'Create a scoped service API key (shown once)',
        access: 'admin',
        body: serviceKeySchema,
        ok: 201,
        errors: [409],
        handle: ({ body, req }) => keyAdmin.createServiceKey(actor(req), body.name, body.scopes),
      }),
      route({
        method: 'post',
        path: '/api/v1/service-keys/:id/revoke',
        summary: 'Revoke a service API key',
        access: 'admin',
        params: idParam,
        ok: 200,
        errors: [404],
        handle: ({ params, req }) => keyAdmin.revokeServiceKey(actor(req), params.id),
      }),
      route({
        method: 'post',
        path: '/api/v1/admin/signing-keys/rotate',
        summary: 'Rotate the token signing key',
        access: 'admin',
        ok: 201,
        handle: ({ req }) => keyAdmin.rotateSigningKey(actor(req)),
      }),
      route({
        method: 'get',
        path: '/api/v1/audit-log',
        summary: 'Admin actions, newest first',
        access: 'admin',
        query: auditSchema,
        ok: 200,
        handle: async ({ query }) => ({ items: await auditLog(db, query.limit) }),
      }),
    ],
    [deps.signedIn, requireRole(DEFAULT_SYSTEM, 'admin')],
  );
}
