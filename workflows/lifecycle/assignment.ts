import type { NotificationType } from '../../domain/notifications';
import { stepOf } from '../../domain/definitions';
import { deadlineOf } from '../../domain/sla';
import type { Person } from '../messages';
import type { LifecycleContext } from './context';
import { comment, message, notify, record } from './effects';
import type { StepRun } from './state';

/** Who gets the step and why: a named user (transfer), a note, or the role's members known. */
export interface AssignOptions {
  userId?: string | undefined;
  notes?: string | undefined;
  /** The role's members, when the caller already fetched them. */
  candidates?: Person[] | undefined;
}

/** Hands the step to `userId`, or round-robin within `role`; notifies whoever gets it. */
export async function assign(
  ctx: LifecycleContext,
  step: StepRun,
  origin: 'system' | 'transferred' | 'escalation',
  role: string,
  { userId, notes, candidates: known }: AssignOptions = {},
): Promise<Person | null> {
  const { state, store } = ctx;
  const candidates = known ?? (await store.listRoleMembers({ system: state.ticket.system, role }));
  const previous = step.assignee;
  step.assignmentSeq += 1;
  const person = await store.assignTask({
    taskId: step.taskId,
    assignmentKey: `${step.taskId}:${step.assignmentSeq}`,
    system: state.ticket.system,
    role,
    candidates,
    excludeUserIds: previous && origin !== 'transferred' ? [previous.id] : [],
    origin,
    ...(userId !== undefined ? { userId } : {}),
    ...(notes !== undefined ? { notes } : {}),
  });
  step.role = role;
  step.assignee = person;
  const eventType =
    origin === 'system' ? 'assigned' : origin === 'transferred' ? 'transferred' : 'escalated';
  await record(ctx, eventType, { details: { origin, ...(notes ? { notes } : {}) } });
  if (!person) {
    const coordinator = state.coordinator;
    await notify(
      ctx,
      [],
      coordinator ? [message(ctx, 'assignment', coordinator, { unassigned: true, role })] : [],
    );
    return null;
  }
  const type: NotificationType =
    origin === 'system' ? 'assignment' : origin === 'transferred' ? 'transfer' : 'escalation';
  const deadline = deadlineOf(step.clock);
  const data = { role, slaDeadline: deadline === null ? null : new Date(deadline).toISOString() };
  await notify(ctx, [message(ctx, type, person, data)], [message(ctx, type, person, data)]);
  await comment(ctx, `${step.name}: assigned to ${person.name} (${role}, ${origin}).`);
  return person;
}

/** Hands the step to its escalation role, if it has one, and tells the coordinator. */
export async function escalate(
  ctx: LifecycleContext,
  step: StepRun,
  reason: string,
  actorId?: string,
): Promise<void> {
  const { state } = ctx;
  const escalateTo = state.definition
    ? stepOf(state.definition.spec, step.key).escalateTo
    : undefined;
  if (!escalateTo) return;
  step.escalated = true;
  await assign(ctx, step, 'escalation', escalateTo, { notes: reason });
  const coordinator = state.coordinator;
  if (coordinator) {
    await notify(ctx, [], [message(ctx, 'escalation', coordinator, { reason, role: escalateTo })]);
  }
  if (actorId) {
    await record(ctx, 'override', { details: { action: 'escalate', reason } }, actorId);
  }
}
