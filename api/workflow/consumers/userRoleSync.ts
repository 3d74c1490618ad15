import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ACTIVE_TASK_STATUSES } from '../../../domain/tasks';
import type { RoleMemberReplica } from '../../../activities/roleReplica';
import type { MessageHandler } from '../../../infra/amqp/broker';
import type { Logger } from '../../../infra/logging/logger';
import { userDeactivatedSignal } from '../../../workflows/messages';

const eventSchema = z.object({
  id: z.string().min(1),
  type: z.enum([
    'user_system_role.assigned',
    'user_system_role.revoked',
    'user.deactivated',
    'user.activated',
  ]),
  userId: z.string().min(1),
  system: z.string().optional(),
  role: z.string().optional(),
  occurredAt: z.string(),
});

/**
 * Consumer of tts.user_system_role.sync. First the role replica forgets what the change touches,
 * so the next assignment reads auth's answer; then it moves what a user already holds: a
 * deactivated user is signalled off their open tasks and the tickets they coordinate, and one who
 * lost a role off the tasks held in that role and the tickets whose coordinator role it was.
 * The event id rides on the signal, so a redelivered event changes nothing twice.
 */
async function forget(
  replica: RoleMemberReplica,
  event: z.infer<typeof eventSchema>,
): Promise<void> {
  if (event.type === 'user.activated') return replica.dropAll();
  if (event.type === 'user.deactivated') return replica.dropSetsOf(event.userId);
  return replica.dropRole(event.system ?? '', event.role ?? '');
}

export function userRoleSyncHandler(
  db: Knex,
  replica: RoleMemberReplica,
  temporal: Client,
  logger: Logger,
): MessageHandler {
  return async (payload) => {
    const event = eventSchema.parse(payload);
    await forget(replica, event);
    if (event.type !== 'user.deactivated' && event.type !== 'user_system_role.revoked') return;
    const tasks = db('tasks')
      .distinct('workflow_id')
      .where({ assignee_id: event.userId })
      .whereIn('status', ACTIVE_TASK_STATUSES);
    if (event.type === 'user_system_role.revoked')
      void tasks.where({ role: event.role ?? '', system: event.system ?? '' });
    const workflowIds = new Set(
      (await tasks).map((row: { workflow_id: string }) => row.workflow_id),
    );
    const coordinated = db('ticket_runs as r')
      .select('r.workflow_id')
      .where('r.coordinator_id', event.userId)
      .whereNotIn('r.status', ['resolved', 'rejected', 'closed', 'cancelled']);
    if (event.type === 'user_system_role.revoked') {
      void coordinated
        .join('workflow_definitions as d', 'd.id', 'r.definition_id')
        .where('d.system', event.system ?? '')
        .whereRaw("d.spec->>'coordinatorRole' = ?", [event.role ?? '']);
    }
    for (const row of (await coordinated) as { workflow_id: string }[]) {
      workflowIds.add(row.workflow_id);
    }
    for (const workflowId of workflowIds) {
      try {
        await temporal.workflow
          .getHandle(workflowId)
          .signal(userDeactivatedSignal, { eventId: event.id, userId: event.userId });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    logger.info(
      { event: event.type, userId: event.userId, tickets: workflowIds.size },
      'role sync applied',
    );
  };
}
