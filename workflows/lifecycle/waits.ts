import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  workflowInfo,
} from '@temporalio/workflow';
import { reopenWindowMs } from '../../domain/definitions';
import { nextSlaEvent } from '../../domain/sla';
import type { ticketLifecycle } from '../ticketLifecycle';
import { assign } from './assignment';
import { handle } from './commands';
import type { LifecycleContext } from './context';
import { flushEffects, message, notify, record, saveTicketRun } from './effects';
import { showOperatorDetails } from './operatorDetails';
import { REOPEN_WINDOW_PATCH } from './proxies';
import { route } from './routing';
import { onSlaEvent } from './sla';
import { isClosed, type StepRun } from './state';
import { reopenStep, type StepExit } from './steps';
import { rejectReopen } from './validation';

/**
 * Before every wait: queued effects go out, then the search attributes and the Web UI's details
 * catch up with the state.
 */
async function beforeWait(ctx: LifecycleContext): Promise<void> {
  await flushEffects(ctx);
  ctx.searchAttributes.flush();
  showOperatorDetails(ctx.state);
}

function quietMoment(ctx: LifecycleContext): boolean {
  return ctx.inbox.length === 0 && allHandlersFinished();
}

function historyIsLong(ctx: LifecycleContext): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > ctx.opts.maxHistoryEvents;
}

/** Tries to route the ticket until it matches a definition, applying messages in between. */
export async function routeUntilMatched(ctx: LifecycleContext): Promise<void> {
  const { state, inbox } = ctx;
  while (!state.definition && !isClosed(state)) {
    if (await route(ctx)) break;
    await beforeWait(ctx);
    await condition(() => inbox.length > 0, ctx.opts.retryRoutingAfterMs);
    const next = inbox.take();
    if (next && (await handle(ctx, next)) === 'cancelled') state.status = 'cancelled';
  }
}

/** Waits on the current step until it is left; SLA timers move with hold, resume and priority. */
export async function workStep(ctx: LifecycleContext, step: StepRun): Promise<StepExit> {
  const { state, opts, inbox } = ctx;
  for (;;) {
    await beforeWait(ctx);
    if (historyIsLong(ctx) && quietMoment(ctx)) {
      await continueAsNew<typeof ticketLifecycle>(state.ticket, ctx.options, state);
    }
    const spec = state.definition!.spec;
    const sla = nextSlaEvent(step.clock, spec.warningRatio);
    const waits = [
      ...(sla ? [Math.max(0, sla.at - Date.now())] : []),
      ...(step.assignee === null ? [opts.retryAssignmentAfterMs] : []),
    ];
    const waitMs = waits.length > 0 ? Math.min(...waits) : undefined;
    const wake = (): boolean => inbox.length > 0 || (historyIsLong(ctx) && quietMoment(ctx));
    const woken =
      waitMs === undefined ? (await condition(wake), true) : await condition(wake, waitMs);
    if (!woken) {
      if (sla && Date.now() >= sla.at) await onSlaEvent(ctx, step, sla.kind);
      else if (step.assignee === null) await assign(ctx, step, 'system', step.role);
      continue;
    }
    const next = inbox.take();
    if (!next) continue;
    const exit = await handle(ctx, next);
    if (exit) return exit;
  }
}

/**
 * The ticket's end as its history, the workflow service and the people around it hear of it:
 * recorded with who ended it, the run saved, the requester and the coordinator told (unless
 * `quiet`: a resolved ticket closing after its reopen window, which they already heard of),
 * and the updates that moved it there answered.
 */
async function closeBooks(
  ctx: LifecycleContext,
  actorId: string | undefined,
  { quiet = false, reopenUntil }: { quiet?: boolean; reopenUntil?: string | null } = {},
): Promise<void> {
  const { state } = ctx;
  const window: { reopenUntil: string | null } | Record<never, never> =
    reopenUntil !== undefined ? { reopenUntil } : {};
  await record(ctx, 'closed', { details: { outcome: state.status }, ...window }, actorId);
  await saveTicketRun(ctx);
  const toRequester =
    !quiet && state.definition?.spec.endLogic.notifyRequester !== false
      ? [
          message(
            ctx,
            'status_change',
            { id: state.ticket.requesterId },
            { status: state.status, ...window },
          ),
        ]
      : [];
  const inapp = [
    ...toRequester,
    ...(state.coordinator && !quiet
      ? [message(ctx, 'task_complete', state.coordinator, { outcome: state.status })]
      : []),
  ];
  await notify(ctx, toRequester, inapp);
  await flushEffects(ctx);
  state.step = null;
  ctx.inbox.answerLeaving(state);
}

/** Closes the books; `actorId`: whose action ended it (history and first-response figures). */
export async function finish(
  ctx: LifecycleContext,
  actorId?: string,
  options: { quiet?: boolean; reopenUntil?: null } = {},
): Promise<void> {
  const { state } = ctx;
  await closeBooks(ctx, actorId, options);
  ctx.inbox.rejectAll({
    type: 'ActionNotAllowed',
    message: `ticket ${state.ticket.number} is ${state.status}`,
  });
  await beforeWait(ctx);
  await condition(allHandlersFinished);
}

/**
 * A resolved ticket waits for its requester through the definition's reopen window (a durable
 * timer): a reopen in time puts it back on its last step ('reopened'); at the window's end it
 * closes for good ('closed'). 'final': the ticket did not end resolved, its definition has no
 * window, or its run predates the window (REOPEN_WINDOW_PATCH): it ends as it stands.
 * Agents' actions and overrides meanwhile are refused as on any ended ticket.
 */
export async function awaitRequester(
  ctx: LifecycleContext,
  resolvedBy?: string,
): Promise<'reopened' | 'closed' | 'final'> {
  const { state, inbox } = ctx;
  if (!state.resolution) {
    const step = state.step;
    const windowMs = state.definition ? reopenWindowMs(state.definition.spec) : 0;
    if (state.status !== 'resolved' || !step || windowMs <= 0) return 'final';
    if (!patched(REOPEN_WINDOW_PATCH)) return 'final';
    const reopenUntil = Date.now() + windowMs;
    state.resolution = { stepKey: step.key, assigneeId: step.assignee?.id ?? null, reopenUntil };
    await closeBooks(ctx, resolvedBy, { reopenUntil: new Date(reopenUntil).toISOString() });
  }
  for (;;) {
    await beforeWait(ctx);
    if (historyIsLong(ctx) && quietMoment(ctx)) {
      await continueAsNew<typeof ticketLifecycle>(state.ticket, ctx.options, state);
    }
    const left = state.resolution.reopenUntil - Date.now();
    if (left <= 0 || !(await condition(() => inbox.length > 0, left))) break;
    const next = inbox.take();
    if (!next) continue;
    if (next.command.kind !== 'reopen') {
      await handle(ctx, next);
      continue;
    }
    const rejection = rejectReopen(state, next.command.request);
    if (rejection) {
      inbox.reject(next.id, rejection);
      continue;
    }
    await reopenStep(ctx, next.command.request);
    await flushEffects(ctx);
    inbox.accept(next.id, state);
    return 'reopened';
  }
  state.resolution = null;
  state.status = 'closed';
  return 'closed';
}
