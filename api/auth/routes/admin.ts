import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { requireRole, userOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM, SERVICE_SCOPES } from '../../shared/auth/principal';
import { parseInput } from '../../shared/http/validate';
import { audit } from '../audit';
import type { KeyRing } from '../keys';
import { assertStrongEnough, type PasswordHasher } from '../passwords';
import type { RoleAdmin } from '../roles';
import type { ServiceKeys } from '../serviceKeys';
import { createUserWithRoles } from '../userCreation';
import { findUser, toUserView, type UserRow } from '../users';
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
  serviceKeys: ServiceKeys;
  keys: KeyRing;
  passwords: PasswordHasher;
}

/** Everything an admin of the tts system manages: users, systems, roles, keys, the audit log. */
export function adminRoutes({ db, roles, serviceKeys, keys, passwords }: AdminDeps): Router {
  const router = Router();
  const admin = requireRole(DEFAULT_SYSTEM, 'admin');

  router.get('/api/v1/users', admin, async (req, res) => {
    const query = parseInput(listUsersSchema, req.query, 'query');
    const rows = db<UserRow>('users').orderBy('id').limit(query.limit);
    if (query.q)
      void rows.where(
        (q) => void q.whereILike('email', `%${query.q}%`).orWhereILike('name', `%${query.q}%`),
      );
    if (query.after) void rows.where('id', '>', query.after);
    const users = await rows;
    res.json({ items: await Promise.all(users.map((user) => toUserView(db, user))) });
  });

  router.post('/api/v1/users', admin, async (req, res) => {
    const body = parseInput(createUserSchema, req.body, 'body');
    assertStrongEnough(body.password, 'body.password');
    const user = await createUserWithRoles(db, userOf(req).userId, {
      email: body.email,
      name: body.name,
      passwordHash: await passwords.hash(body.password),
      roles: body.roles,
    });
    res.status(201).json(await toUserView(db, user));
  });

  router.patch('/api/v1/users/:id', admin, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'params');
    const body = parseInput(updateUserSchema, req.body, 'body');
    const actor = userOf(req).userId;
    await findUser(db, id);
    if (body.name !== undefined) {
      await db('users').where({ id }).update({ name: body.name, updated_at: db.fn.now() });
      await audit(db, actor, 'user.update', id, { name: body.name });
    }
    if (body.active !== undefined) await roles.setActive(actor, id, body.active);
    res.json(await toUserView(db, await findUser(db, id)));
  });

  router.get('/api/v1/systems', admin, async (_req, res) => {
    res.json({ items: await roles.systems() });
  });
  router.post('/api/v1/systems', admin, async (req, res) => {
    const body = parseInput(systemSchema, req.body, 'body');
    res.status(201).json(await roles.createSystem(userOf(req).userId, body.key, body.name));
  });
  router.get('/api/v1/systems/:system/roles', admin, async (req, res) => {
    const { system } = parseInput(systemParam, req.params, 'params');
    res.json({ items: await roles.roles(system) });
  });
  router.post('/api/v1/systems/:system/roles', admin, async (req, res) => {
    const { system } = parseInput(systemParam, req.params, 'params');
    const body = parseInput(roleSchema, req.body, 'body');
    await roles.createRole(userOf(req).userId, system, body.name);
    res.status(201).json({ system, name: body.name });
  });
  router.delete('/api/v1/systems/:system/roles/:role', admin, async (req, res) => {
    const { system, role } = parseInput(roleParam, req.params, 'params');
    await roles.deleteRole(userOf(req).userId, system, role);
    res.status(204).end();
  });

  router.post('/api/v1/user-system-roles', admin, async (req, res) => {
    const body = parseInput(assignmentSchema, req.body, 'body');
    await roles.assign(userOf(req).userId, body.userId, body.system, body.role);
    res.status(201).json(body);
  });
  router.delete('/api/v1/user-system-roles', admin, async (req, res) => {
    const body = parseInput(assignmentSchema, req.body, 'body');
    await roles.revoke(userOf(req).userId, body.userId, body.system, body.role);
    res.status(204).end();
  });

  router.get('/api/v1/service-keys', admin, async (_req, res) => {
    res.json({ items: await serviceKeys.list() });
  });
  router.post('/api/v1/service-keys', admin, async (req, res) => {
    const body = parseInput(serviceKeySchema, req.body, 'body');
    const created = await serviceKeys.create(body.name, body.scopes);
    await audit(db, userOf(req).userId, 'service_key.create', body.name, { scopes: body.scopes });
    res.status(201).json({ ...created.key, apiKey: created.apiKey });
  });
  router.post('/api/v1/service-keys/:id/revoke', admin, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'params');
    const revoked = await serviceKeys.revoke(id);
    await audit(db, userOf(req).userId, 'service_key.revoke', revoked.name);
    res.json(revoked);
  });

  router.post('/api/v1/admin/signing-keys/rotate', admin, async (req, res) => {
    const kid = await keys.rotate();
    await audit(db, userOf(req).userId, 'signing_key.rotate', kid);
    res.status(201).json({ kid });
  });

  router.get('/api/v1/audit-log', admin, async (req, res) => {
    const { limit } = parseInput(auditSchema, req.query, 'query');
    const rows = await db('audit_log').orderBy('id', 'desc').limit(limit);
    res.json({
      items: rows.map((row: Record<string, unknown>) => ({
        id: String(row.id),
        actorId: row.actor_id,
        action: row.action,
        target: row.target,
        details: row.details,
        at: (row.created_at as Date).toISOString(),
      })),
    });
  });

  return router;
}

export const adminRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/users',
    summary: 'Users, searchable',
    access: 'admin',
    query: listUsersSchema,
    ok: 200,
    errors: [400],
  },
  {
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a user with system roles',
    access: 'admin',
    body: createUserSchema,
    ok: 201,
    errors: [404, 409],
  },
  {
    method: 'patch',
    path: '/api/v1/users/:id',
    summary: 'Rename, (de)activate a user',
    access: 'admin',
    params: idParam,
    body: updateUserSchema,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/systems',
    summary: 'Systems (tts, hdts...)',
    access: 'admin',
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/systems',
    summary: 'Add a system',
    access: 'admin',
    body: systemSchema,
    ok: 201,
    errors: [409],
  },
  {
    method: 'get',
    path: '/api/v1/systems/:system/roles',
    summary: 'Roles of a system',
    access: 'admin',
    params: systemParam,
    ok: 200,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/systems/:system/roles',
    summary: 'Add a role (announced on tts.role.sync)',
    access: 'admin',
    params: systemParam,
    body: roleSchema,
    ok: 201,
    errors: [404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/systems/:system/roles/:role',
    summary: 'Remove an unused role',
    access: 'admin',
    params: roleParam,
    ok: 204,
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/user-system-roles',
    summary: 'Give a user a role (announced on tts.user_system_role.sync)',
    access: 'admin',
    body: assignmentSchema,
    ok: 201,
    errors: [404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/user-system-roles',
    summary: 'Take a role from a user',
    access: 'admin',
    body: assignmentSchema,
    ok: 204,
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/service-keys',
    summary: 'Service API keys (never the secrets)',
    access: 'admin',
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/service-keys',
    summary: 'Create a scoped service API key (shown once)',
    access: 'admin',
    body: serviceKeySchema,
    ok: 201,
    errors: [409],
  },
  {
    method: 'post',
    path: '/api/v1/service-keys/:id/revoke',
    summary: 'Revoke a service API key',
    access: 'admin',
    params: idParam,
    ok: 200,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/admin/signing-keys/rotate',
    summary: 'Rotate the token signing key',
    access: 'admin',
    ok: 201,
  },
  {
    method: 'get',
    path: '/api/v1/audit-log',
    summary: 'Admin actions, newest first',
    access: 'admin',
    query: auditSchema,
    ok: 200,
  },
];
