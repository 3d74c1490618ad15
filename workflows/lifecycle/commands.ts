import { ApplicationFailure } from '@temporalio/workflow';
import { transitionOf } from '../../domain/definitions';
import { parseOverrideSignal } from './overrideSignal';
import type { ActRequest } from '../messages';
import { assign, escalate } from './assignment';
import type { LifecycleContext } from './context';
import { flushEffects, record } from './effects';
import type { QueuedCommand } from './inbox';
import { applyOverride, applyOverrideSignal, refuseOverrideSignal } from './overrides';
import { pickCoordinator } from './routing';
import type { StepRun } from './state';
import { completeStep, hold, resumeStep, type StepExit } from './steps';
import { rejectAct, rejectOverride, rejectReopen, type Rejection } from './validation';

/** Applies an agent's action already checked by rejectAct. */
async function applyAct(
  ctx: LifecycleContext,
  step: StepRun,
  request: ActRequest,
): Promise<StepExit | null> {
  const actorId = request.actor.userId;
  switch (request.action) {
    case 'start':
      step.started = true;
      ctx.state.status = 'in_progress';
      await ctx.store.updateTask({
        taskId: step.taskId,
        status: 'in_progress',
        assignmentStatus: 'in_progress',
      });
      await record(ctx, 'status_changed', { details: { action: 'start' } }, actorId);
      return null;
    case 'transfer':
      await assign(ctx, step, 'transferred', step.role, {
        userId: request.targetUserId,
        notes: request.notes,
      });
      return null;
    case 'escalate':
      await escalate(ctx, step, request.reason ?? request.notes ?? 'escalated manually', actorId);
      return null;
    case 'hold':
      await hold(ctx, step, actorId, request.notes);
      return null;
    case 'resume':
      await resumeStep(ctx, step, actorId);
      return null;
    default: {
      const transition = transitionOf(ctx.state.definition!.spec, step.key, request.action);
      if (!transition) return null;
      return completeStep(ctx, step, transition, request.action, actorId, request.notes);
    }
  }
}

/** Applies one queued message; answers its update, if it came from one. */
export async function handle(
  ctx: LifecycleContext,
  { id, command }: QueuedCommand,
): Promise<StepExit | null> {
  const { state, inbox } = ctx;
  const step = state.step;
  let exit: StepExit | null = null;
  let rejection: Rejection | null = null;
  try {
    if (command.kind === 'act') {
      rejection = rejectAct(state, command.request);
      if (!rejection && step) exit = await applyAct(ctx, step, command.request);
    } else if (command.kind === 'override') {
      rejection = rejectOverride(state, command.request);
      if (!rejection) exit = await applyOverride(ctx, command.request);
    } else if (command.kind === 'reopen') {
      // A reopen is applied by the resolved ticket's wait (awaitRequester); here the ticket is
      // not waiting for its requester: refused, or (a reply to an open ticket) nothing to do.
      rejection = rejectReopen(state, command.request);
    } else if (command.kind === 'overrideSignal') {
      exit = await applyOverrideSignal(ctx, command.payload);
    } else if (command.kind === 'userDeactivated') {
      if (state.coordinator?.id === command.userId) await pickCoordinator(ctx, [command.userId]);
      if (step?.assignee?.id === command.userId) await assign(ctx, step, 'system', step.role);
    }
    await flushEffects(ctx);
  } catch (error) {
    if (!(error instanceof ApplicationFailure) && !isActivityRejection(error)) throw error;
    rejection = { type: 'InvalidTarget', message: rootMessage(error) };
    // What the refused command queued (an `override` entry before its target was refused) never
    // happened: it does not go out.
    if (ctx.generation >= 3) ctx.pending.take();
    if (command.kind === 'overrideSignal') {
      const { adminId } = parseOverrideSignal(command.payload);
      await refuseOverrideSignal(ctx, adminId, rejection.message);
      await flushEffects(ctx);
    }
  }
  if (rejection) inbox.reject(id, rejection);
  else if (exit) inbox.acceptOnLeaving(id);
  else inbox.accept(id, state);
  return exit;
}

function isActivityRejection(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'cause' in error &&
    error.cause instanceof ApplicationFailure
  );
}

function rootMessage(error: unknown): string {
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && 'cause' in current && current.cause) {
    current = current.cause;
  }
  return current instanceof Error ? current.message : String(current);
}
