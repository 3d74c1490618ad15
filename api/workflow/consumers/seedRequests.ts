import { z } from 'zod';
import type { MessageHandler } from '../../../infra/amqp/broker';
import type { Logger } from '../../../infra/logging/logger';
import { seedDefinitions } from '../definitions/seedDefinitions';
import type { DefinitionStore } from '../definitions/store';
import type { LifecycleClient } from '../../shared/lifecycleClient';

const requestSchema = z.object({ id: z.string().min(1) });

/** Consumer of workflow_seed_queue: loads the default definitions (idempotent by key). */
export function seedRequestHandler(
  store: DefinitionStore,
  lifecycles: LifecycleClient,
  logger: Logger,
): MessageHandler {
  return async (payload) => {
    const request = requestSchema.parse(payload);
    const written = await seedDefinitions(store);
    if (written.length > 0) await lifecycles.rerouteUnrouted(`seed:${request.id}`);
    logger.info({ request: request.id, written }, 'seed request applied');
  };
}
