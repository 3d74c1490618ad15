import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import { z } from 'zod';
import { NOTIFICATION_TYPES } from '../../../domain/notifications';
import type { Broker } from '../../../infra/amqp/broker';
import { queueName } from '../../../infra/amqp/topology';
import { authenticate, requireScope } from '../../shared/auth/middleware';
import type { TokenVerifier } from '../../shared/auth/verifier';
import { parseInput } from '../../shared/http/validate';

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

/** Bulk intake for services, queued like every other notification. */
export function internalRoutes(broker: Broker, verifier: TokenVerifier): Router {
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
  return internal;
}

export const internalRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/internal/v1/notifications',
    summary: 'Queue notifications in bulk',
    access: 'service',
    body: bulkSchema,
    ok: 202,
  },
];
