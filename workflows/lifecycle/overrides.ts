import { stepOf } from '../../domain/definitions';
import { parseOverrideSignal } from './overrideSignal';
import { deadlineOf, retargetClock, stepTargetMs } from '../../domain/sla';
import type { Person } from '../../domain/people';
import type { OverrideRequest } from '../messages';
import { assign } from './assignment';
import type { LifecycleContext } from './context';
import { message, notify, record } from './effects';
import { completeStep, hold, resumeStep, type StepExit } from './steps';
import { rejectOverride } from './validation';

/** Applies an admin override already checked by rejectOverride. */
export async function applyOverride(
  ctx: LifecycleContext,
  request: OverrideRequest,
): Promise<StepExit | null> {
  const { state } = ctx;
  const actorId = request.actor.userId;
  const step = state.step;
  await record(
    ctx,
    'override',
    { details: { type: request.type, ...(request.reason ? { reason: request.reason } : {}) } },
    actorId,
  );
  switch (request.type) {
    case 'reassign':
      if (step)
        await assign(ctx, step, 'transferred', step.role, {
          userId: request.userId,
          notes: request.reason,
        });
      return null;
    case 'change_priority': {
      const from = state.ticket.priority;
      state.ticket = { ...state.ticket, priority: request.priority };
      if (step && state.definition) {
        const spec = stepOf(state.definition.spec, step.key);
        step.clock = retargetClock(
          step.clock,
          stepTargetMs(state.definition.spec, spec, request.priority),
        );
        const deadline = deadlineOf(step.clock);
        await ctx.store.updateTask({
          taskId: step.taskId,
          slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
        });
      }
      await record(ctx, 'priority_changed', { details: { from, to: request.priority } }, actorId);
      return null;
    }
    case 'force_transition':
      if (!step) return null;
      return completeStep(
        ctx,
        step,
        {
          to: request.toStep,
          ticketStatus:
            request.toStep === null ? (request.ticketStatus ?? 'closed') : 'in_progress',
        },
        'forced',
        actorId,
        request.reason,
      );
    case 'hold':
      if (step) await hold(ctx, step, actorId, request.reason);
      return null;
    case 'resume':
      if (step) await resumeStep(ctx, step, actorId);
      return null;
    case 'cancel':
      if (step) await ctx.store.updateTask({ taskId: step.taskId, status: 'cancelled' });
      return 'cancelled';
  }
}

/**
 * A refused override signal: nobody waits for an answer, so history (staff-only) and the admin it
 * names learn why. From generation 3 only a user who is an admin of the ticket's system is told:
 * a signal naming anyone else must not mail them another person's ticket.
 */
export async function refuseOverrideSignal(
  ctx: LifecycleContext,
  adminId: string | null,
  reason: string,
  admins?: Person[],
): Promise<void> {
  await record(ctx, 'override_refused', { details: { reason, ...(adminId ? { adminId } : {}) } });
  if (!adminId) return;
  if (ctx.generation >= 3) {
    const known = admins ?? (await adminsOf(ctx));
    if (!known.some((admin) => admin.id === adminId)) return;
  }
  await notify(ctx, [], [message(ctx, 'override_refused', { id: adminId }, { reason })]);
}

function adminsOf(ctx: LifecycleContext): Promise<Person[]> {
  return ctx.store.listRoleMembers({ system: ctx.state.ticket.system, role: 'admin' });
}

/** An override sent as a signal: same checks as the Update, plus "the named admin is one now". */
export async function applyOverrideSignal(
  ctx: LifecycleContext,
  payload: unknown,
): Promise<StepExit | null> {
  const { state } = ctx;
  const parsed = parseOverrideSignal(payload);
  if (!parsed.ok) {
    await refuseOverrideSignal(ctx, parsed.adminId, parsed.problem);
    return null;
  }
  const admins = await adminsOf(ctx);
  if (!admins.some((admin) => admin.id === parsed.adminId)) {
    await refuseOverrideSignal(
      ctx,
      parsed.adminId,
      `user ${parsed.adminId} is not an active admin of ${state.ticket.system}`,
      admins,
    );
    return null;
  }
  const request: OverrideRequest = {
    ...parsed.body,
    actor: { userId: parsed.adminId, roles: ['admin'] },
  };
  const rejection = rejectOverride(state, request);
  if (rejection) {
    await refuseOverrideSignal(ctx, parsed.adminId, rejection.message, admins);
    return null;
  }
  return applyOverride(ctx, request);
}
