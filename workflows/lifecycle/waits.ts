import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import { nextSlaEvent } from '../../domain/sla';
import type { ticketLifecycle } from '../ticketLifecycle';
import { assign } from './assignment';
import { handle } from './commands';
import type { LifecycleContext } from './context';
import { flushEffects, message, notify, record, saveTicketRun } from './effects';
import { showOperatorDetails } from './operatorDetails';
import { route } from './routing';
import { onSlaEvent } from './sla';
import { isClosed, type StepRun } from './state';
import type { StepExit } from './steps';

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

/** Closes the books; `actorId`: whose action ended it (history and first-response figures). */
export async function finish(ctx: LifecycleContext, actorId?: string): Promise<void> {
  const { state } = ctx;
  await record(ctx, 'closed', { details: { outcome: state.status } }, actorId);
  await saveTicketRun(ctx);
  const toRequester =
    state.definition?.spec.endLogic.notifyRequester !== false
      ? [message(ctx, 'status_change', { id: state.ticket.requesterId }, { status: state.status })]
      : [];
  const inapp = [
    ...toRequester,
    ...(state.coordinator
      ? [message(ctx, 'task_complete', state.coordinator, { outcome: state.status })]
      : []),
  ];
  await notify(ctx, toRequester, inapp);
  await flushEffects(ctx);
  state.step = null;
  ctx.inbox.answerLeaving(state);
  ctx.inbox.rejectAll({
    type: 'ActionNotAllowed',
    message: `ticket ${state.ticket.number} is ${state.status}`,
  });
  await beforeWait(ctx);
  await condition(allHandlersFinished);
}
