import type { Knex } from 'knex';
import { z } from 'zod';
import { authenticate, userOf } from '../../shared/auth/middleware';
import type { TokenVerifier } from '../../shared/auth/verifier';
import { serialId } from '../../shared/http/params';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { listInbox, markAllRead, markRead, unreadCount } from '../inbox';

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(40).optional(),
  unread: z.enum(['true', 'false']).default('false'),
});
const idSchema = z.object({ id: serialId('a notification id') });

/** A user's in-app inbox: list, unread count, mark read. */
export function inboxRoutes(db: Knex, verifier: TokenVerifier): RouteTable {
  return routeTable(
    [
      route({
        method: 'get',
        path: '/api/v1/notifications',
        summary: 'The caller’s in-app notifications, unread first',
        access: 'user',
        query: listSchema,
        ok: 200,
        errors: [400],
        handle: ({ query, req }) =>
          listInbox(db, userOf(req).userId, {
            limit: query.limit,
            unreadOnly: query.unread === 'true',
            ...(query.cursor ? { cursor: query.cursor } : {}),
          }),
      }),
      route({
        method: 'get',
        path: '/api/v1/notifications/unread-count',
        summary: 'Unread count',
        access: 'user',
        ok: 200,
        handle: async ({ req }) => ({ unread: await unreadCount(db, userOf(req).userId) }),
      }),
      route({
        method: 'post',
        path: '/api/v1/notifications/read-all',
        summary: 'Mark all read',
        access: 'user',
        ok: 200,
        handle: async ({ req }) => ({ marked: await markAllRead(db, userOf(req).userId) }),
      }),
      route({
        method: 'post',
        path: '/api/v1/notifications/:id/read',
        summary: 'Mark one read',
        access: 'user',
        params: idSchema,
        ok: 204,
        errors: [404],
        handle: async ({ params, req }) => {
          await markRead(db, userOf(req).userId, params.id);
        },
      }),
    ],
    [authenticate(verifier)],
  );
}
