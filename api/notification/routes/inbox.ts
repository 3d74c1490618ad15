import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { authenticate, userOf } from '../../shared/auth/middleware';
import type { TokenVerifier } from '../../shared/auth/verifier';
import { serialId } from '../../shared/http/params';
import { parseInput } from '../../shared/http/validate';
import { listInbox, markAllRead, markRead, unreadCount } from '../inbox';

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(40).optional(),
  unread: z.enum(['true', 'false']).default('false'),
});
const idSchema = z.object({ id: serialId('a notification id') });

/** A user's in-app inbox: list, unread count, mark read. */
export function inboxRoutes(db: Knex, verifier: TokenVerifier): Router {
  const inbox = Router();
  inbox.use('/api/v1/notifications', authenticate(verifier));
  inbox.get('/api/v1/notifications', async (req, res) => {
    const query = parseInput(listSchema, req.query, 'query');
    res.json(
      await listInbox(db, userOf(req).userId, {
        limit: query.limit,
        unreadOnly: query.unread === 'true',
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }),
    );
  });
  inbox.get('/api/v1/notifications/unread-count', async (req, res) => {
    res.json({ unread: await unreadCount(db, userOf(req).userId) });
  });
  inbox.post('/api/v1/notifications/read-all', async (req, res) => {
    res.json({ marked: await markAllRead(db, userOf(req).userId) });
  });
  inbox.post('/api/v1/notifications/:id/read', async (req, res) => {
    const { id } = parseInput(idSchema, req.params, 'params');
    await markRead(db, userOf(req).userId, id);
    res.status(204).end();
  });
  return inbox;
}

export const inboxRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/notifications',
    summary: 'The caller’s in-app notifications, unread first',
    access: 'user',
    query: listSchema,
    ok: 200,
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/notifications/unread-count',
    summary: 'Unread count',
    access: 'user',
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/notifications/read-all',
    summary: 'Mark all read',
    access: 'user',
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/notifications/:id/read',
    summary: 'Mark one read',
    access: 'user',
    params: idSchema,
    ok: 204,
    errors: [404],
  },
];
