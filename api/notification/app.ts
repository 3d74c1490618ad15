import type { RouteDoc } from '../shared/http/openapi';
import { Router, type Express } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { NOTIFICATION_TYPES } from '../../domain/notifications';
import type { Broker } from '../../infra/amqp/broker';
import { queueName } from '../../infra/amqp/topology';
import { brokerCheck, databaseCheck } from '../../infra/health/checks';
import type { Logger } from '../../infra/logging/logger';
import type { Metrics } from '../../infra/metrics/metrics';
import { authenticate, requireScope, userOf } from '../shared/auth/middleware';
import type { TokenVerifier } from '../shared/auth/verifier';
import { createHttpApp } from '../shared/http/app';
import { parseInput } from '../shared/http/validate';
import { listInbox, markAllRead, markRead, unreadCount } from './inbox';
import { serialId } from '../shared/http/params';

export interface NotificationAppDeps {
  logger: Logger;
  db: Knex;
  broker: Broker;
  verifier: TokenVerifier;
  /** Browser origins allowed by CORS (the environment's allow-list); none in tests. */
  corsOrigins?: string[];
  /** The process's metrics registry, served at /metrics. */
  metrics?: Metrics;
  /** Bearer token /metrics requires (production); none: /metrics is open. */
  metricsToken?: string;
}

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(40).optional(),
  unread: z.enum(['true', 'false']).default('false'),
});
const idSchema = z.object({ id: serialId('a notification id') });
const bulkSchema = z.object({
  channel: z.enum(['email', 'inapp']),
  messages: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        type: z.enum(NOTIFICATION_TYPES),
        recipient: z.object({
          userId: z.string().min(1).max(64).optional(),
          email: z.string().email().optional(),
          name: z.string().max(200).optional(),
        }),
        data: z.record(
          z.string(),
          z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
        ),
      }),
    )
    .min(1)
    .max(500),
});

/** In-app inbox for users; bulk intake for services (queued like every other notification). */
export function createNotificationApp({
  logger,
  db,
  broker,
  verifier,
  corsOrigins,
  metrics,
  metricsToken,
}: NotificationAppDeps): Express {
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

  const internal = Router();
  internal.post(
    '/internal/v1/notifications',
    authenticate(verifier),
    requireScope('notifications:write'),
    async (req, res) => {
      const body = parseInput(bulkSchema, req.body, 'body');
      const queue = queueName(
        broker.prefix,
        body.channel === 'email' ? 'notification' : 'inappNotification',
      );
      const createdAt = new Date().toISOString();
      for (const message of body.messages) {
        await broker.sendToQueue(queue, { ...message, createdAt }, { messageId: message.id });
      }
      res.status(202).json({ queued: body.messages.length });
    },
  );

  return createHttpApp({
    service: 'notification',
    logger,
    checks: { database: databaseCheck(db), broker: brokerCheck(broker) },
    routers: [inbox, internal],
    docs: notificationRouteDocs,
    ...(corsOrigins ? { corsOrigins } : {}),
    ...(metrics ? { metrics } : {}),
    ...(metricsToken ? { metricsToken } : {}),
  });
}

const notificationRouteDocs: RouteDoc[] = [
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
  {
    method: 'post',
    path: '/internal/v1/notifications',
    summary: 'Queue notifications in bulk',
    access: 'service',
    body: bulkSchema,
    ok: 202,
  },
];
