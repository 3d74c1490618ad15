import { z } from 'zod';
import type { MessageHandler } from '../../../infra/amqp/broker';
import type { Logger } from '../../../infra/logging/logger';
import type { DefinitionPublisher } from '../definitionPublisher';

const requestSchema = z.object({ id: z.string().min(1) });

/** Consumer of workflow_seed_queue: loads the default definitions (idempotent by key). */
export function seedRequestHandler(publisher: DefinitionPublisher, logger: Logger): MessageHandler {
  return async (payload) => {
    const request = requestSchema.parse(payload);
    const written = await publisher.seed(request.id);
    logger.info({ request: request.id, written }, 'seed request applied');
  };
}
