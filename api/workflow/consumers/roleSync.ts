import { z } from 'zod';
import type { RoleMemberReplica } from '../../../activities/roleReplica';
import type { MessageHandler } from '../../../infra/amqp/broker';

const eventSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['role.created', 'role.updated', 'role.deleted']),
  system: z.string().min(1),
  role: z.string().min(1),
  occurredAt: z.string(),
});

/** Consumer of tts.role.sync: a role that changed is read from auth again at its next use. */
export function roleSyncHandler(replica: RoleMemberReplica): MessageHandler {
  return async (payload) => {
    const event = eventSchema.parse(payload);
    await replica.dropRole(event.system, event.role);
  };
}
