import type { TransitionSpec } from '../../domain/definitionSchema';
import { stepOf } from '../../domain/definitions';
import { deadlineOf, pauseClock, resumeClock, startClock, stepTargetMs } from '../../domain/sla';
import type { TicketStatus } from '../../domain/tickets';
import { assign, assigned } from './assignment';
import type { LifecycleContext } from './context';
import { comment, record, saveTicketRun } from './effects';
import type { ReopenRequest } from '../messages';
import type { StepRun } from './state';

/** How a step ended: the next step (or the end) and who moved it there, or the ticket cancelled. */
export type StepExit =
  { to: string | null; ticketStatus: TicketStatus; actorId: string } | 'cancelled';

/**
 * Opens the step's task with its SLA clock running and assigns it round-robin. Generation 4 does
 * both in one call, beside `alongside` (the coordinator pick of a new ticket); generation 3 fetches
 * the task, the role's holders and `alongside` side by side, then assigns; before, one after the
 * other, with `alongside` first. `preferId`: the user to hand it to if they still hold the role
 * (a reopened ticket goes back to its last assignee); else round-robin.
 */
export async function enterStep(
  ctx: LifecycleContext,
  stepKey: string,
  alongside?: () => Promise<void>,
  preferId?: string | null,
): Promise<void> {
  const prefer = preferId ? { preferUserId: preferId } : {};
  const { state, workflowId } = ctx;
  const definition = state.definition;
  if (!definition) throw new Error('enterStep without a definition');
  const concurrent = ctx.generation >= 3;
  if (alongside && !concurrent) await alongside();
  const spec = stepOf(definition.spec, stepKey);
  const clock = startClock(
    Date.now(),
    stepTargetMs(definition.spec, spec, state.ticket.priority),
    definition.spec.calendar,
  );
  state.stepSeq += 1;
  const task = {
    taskKey: `${workflowId}:step${state.stepSeq}`,
    ticketNumber: state.ticket.number,
    workflowId,
    definitionId: definition.id,
    stepKey,
    stepName: spec.name,
    role: spec.role,
    system: state.ticket.system,
    slaDeadline: new Date(deadlineOf(clock) ?? Date.now()).toISOString(),
  };
  const open = (taskId: string, assignmentSeq: number): StepRun => ({
    seq: state.stepSeq,
    key: stepKey,
    name: spec.name,
    role: spec.role,
    taskId,
    assignee: null,
    assignmentSeq,
    clock,
    started: false,
    escalated: false,
  });
  if (ctx.generation >= 4) {
    const [{ taskId, assignee }] = await Promise.all([
      ctx.store.openTask({
        ...task,
        assignment: {
          assignmentKey: `${task.taskKey}:1`,
          system: task.system,
          role: spec.role,
          excludeUserIds: [],
          origin: 'system',
          ...prefer,
        },
      }),
      alongside?.(),
    ]);
    state.step = open(taskId, 1);
    state.status = 'open';
    await assigned(ctx, state.step, 'system', spec.role, assignee);
    return;
  }
  const [{ taskId }, candidates] = concurrent
    ? await Promise.all([
        ctx.store.createTask(task),
        ctx.store.listRoleMembers({ system: state.ticket.system, role: spec.role }),
        alongside?.(),
      ])
    : [await ctx.store.createTask(task), undefined];
  state.step = open(taskId, 0);
  state.status = 'open';
  await assign(ctx, state.step, 'system', spec.role, { candidates, ...prefer });
}

/** Closes the step's task; the loop then follows `transition`. */
export async function completeStep(
  ctx: LifecycleContext,
  step: StepRun,
  transition: Pick<TransitionSpec, 'to' | 'ticketStatus'>,
  action: string,
  actorId: string,
  notes?: string,
): Promise<StepExit> {
  await ctx.store.updateTask({
    taskId: step.taskId,
    status: 'completed',
    action,
    assignmentStatus: 'resolved',
    ...(notes !== undefined ? { notes } : {}),
  });
  return { to: transition.to, ticketStatus: transition.ticketStatus, actorId };
}

/** Puts the ticket on hold: the SLA clock stops until it resumes. */
export async function hold(
  ctx: LifecycleContext,
  step: StepRun,
  actorId: string,
  reason?: string,
): Promise<void> {
  const { state } = ctx;
  state.statusBeforeHold = state.status;
  step.clock = pauseClock(step.clock, Date.now());
  state.status = 'on_hold';
  await ctx.store.updateTask({ taskId: step.taskId, status: 'on_hold', slaDeadline: null });
  await record(
    ctx,
    'status_changed',
    { details: { action: 'hold', ...(reason ? { reason } : {}) } },
    actorId,
  );
}

export async function resumeStep(
  ctx: LifecycleContext,
  step: StepRun,
  actorId: string,
): Promise<void> {
  const { state } = ctx;
  step.clock = resumeClock(step.clock, Date.now());
  state.status = state.statusBeforeHold ?? 'open';
  state.statusBeforeHold = null;
  const deadline = deadlineOf(step.clock);
  await ctx.store.updateTask({
    taskId: step.taskId,
    status: step.started ? 'in_progress' : 'pending',
    slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
  });
  await record(ctx, 'status_changed', { details: { action: 'resume' } }, actorId);
}

/**
 * Puts a resolved ticket back on the step it was resolved on, with a new task and a fresh SLA
 * clock, held by its last assignee if they still hold the role (else round-robin).
 */
export async function reopenStep(ctx: LifecycleContext, request: ReopenRequest): Promise<void> {
  const { state } = ctx;
  const resolution = state.resolution;
  if (!resolution) throw new Error('reopenStep without a resolution');
  state.resolution = null;
  state.status = 'open';
  const details = { via: request.via, ...(request.reason ? { reason: request.reason } : {}) };
  await record(ctx, 'reopened', { details, reopenUntil: null }, request.actorId);
  await enterStep(ctx, resolution.stepKey, undefined, resolution.assigneeId);
  await saveTicketRun(ctx);
  const by =
    request.via === 'reply'
      ? 'by the requester’s reply'
      : request.via === 'request'
        ? 'at the requester’s request'
        : 'by staff';
  await comment(ctx, `Ticket reopened ${by}: back to ${state.step?.name ?? resolution.stepKey}.`);
}
