import { z } from 'zod';
import { NOTIFICATION_TYPES } from '../../../domain/notifications';
import type { Broker } from '../../../infra/amqp/broker';
import { authenticate, requireScope } from '../../shared/auth/middleware';
import type { TokenVerifier } from '../../shared/auth/verifier';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { queueNotifications } from '../intake';

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
export function internalRoutes(broker: Broker, verifier: TokenVerifier): RouteTable {
  return routeTable(
    [
      route({
        method: 'post',
        path: '/internal/v1/notifications',
        summary: 'Queue notifications in bulk',
        access: 'service',
        body: bulkSchema,
        ok: 202,
        handle: async ({ body }) => ({
          queued: await queueNotifications(broker, body.channel, body.messages),
        }),
      }),
    ],
    [authenticate(verifier), requireScope('notifications:write')],
  );
}
