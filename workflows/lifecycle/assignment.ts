import type { NotificationType } from '../../domain/notifications';
import { stepOf } from '../../domain/definitions';
import { deadlineOf } from '../../domain/sla';
import type { Person } from '../../domain/people';
import type { AssignmentOrigin } from '../../domain/tasks';
import type { LifecycleContext } from './context';
import { comment, message, notify, record } from './effects';
import type { StepRun } from './state';

/** Who gets the step and why: a named user (transfer), a note, or the role's members known. */
export interface AssignOptions {
  userId?: string | undefined;
  notes?: string | undefined;
  /** The role's members, when the caller already fetched them. */
  candidates?: Person[] | undefined;
  /** Round-robin unless this user still holds the role (a reopened ticket's last assignee). */
  preferUserId?: string | undefined;
}

/**
 * Hands the step to `userId`, or round-robin within `role`; notifies whoever gets it. Before
 * generation 4 the role's holders are fetched first; from then on the assignment reads them.
 */
export async function assign(
  ctx: LifecycleContext,
  step: StepRun,
  origin: AssignmentOrigin,
  role: string,
  { userId, notes, candidates: known, preferUserId }: AssignOptions = {},
): Promise<Person | null> {
  const { state, store } = ctx;
  const candidates =
    known ??
    (ctx.generation >= 4
      ? undefined
      : await store.listRoleMembers({ system: state.ticket.system, role }));
  const previous = step.assignee;
  step.assignmentSeq += 1;
  const person = await store.assignTask({
    taskId: step.taskId,
    assignmentKey: `${step.taskId}:${step.assignmentSeq}`,
    system: state.ticket.system,
    role,
    ...(candidates ? { candidates } : {}),
    excludeUserIds: previous && origin !== 'transferred' ? [previous.id] : [],
    origin,
    ...(userId !== undefined ? { userId } : {}),
    ...(preferUserId !== undefined ? { preferUserId } : {}),
    ...(notes !== undefined ? { notes } : {}),
  });
  return assigned(ctx, step, origin, role, person, notes);
}

/** Records who got the step (or that nobody could) and tells them, or the coordinator. */
export async function assigned(
  ctx: LifecycleContext,
  step: StepRun,
  origin: AssignmentOrigin,
  role: string,
  person: Person | null,
  notes?: string,
): Promise<Person | null> {
  const { state } = ctx;
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
