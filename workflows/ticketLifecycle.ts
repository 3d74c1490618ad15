import type { TicketSnapshot } from '../domain/tickets';
import { createLifecycleContext } from './lifecycle/context';
import { flushEffects, record } from './lifecycle/effects';
import { registerHandlers } from './lifecycle/handlers';
import { pickCoordinator } from './lifecycle/routing';
import { isClosed, viewOf, type LifecycleOptions, type LifecycleState } from './lifecycle/state';
import { enterStep } from './lifecycle/steps';
import { awaitRequester, finish, routeUntilMatched, workStep } from './lifecycle/waits';
import type { LifecycleView } from './messages';

/**
 * The durable life of one ticket: match a definition, then for each step assign round-robin,
 * notify, and wait for an action, an override or the SLA clock; the last transition ends it. A
 * resolved ticket then waits through its reopen window: reopened, it goes back to its last step.
 * Messages are queued by their handlers and applied one at a time by this loop, so every side
 * effect happens in order and an update is answered only once it is applied.
 */
export async function ticketLifecycle(
  ticket: TicketSnapshot,
  options: Partial<LifecycleOptions> = {},
  resume?: LifecycleState,
): Promise<LifecycleView> {
  const ctx = createLifecycleContext(ticket, options, resume);
  const { state } = ctx;
  registerHandlers(ctx);

  if (!resume) {
    ctx.searchAttributes.changed();
    await record(ctx, 'created');
  }
  await routeUntilMatched(ctx);
  const coordinate = !resume && state.definition ? () => pickCoordinator(ctx) : undefined;
  if (!state.step && state.definition && !isClosed(state)) {
    await enterStep(ctx, state.definition.spec.startStep, coordinate);
  } else if (coordinate) {
    await coordinate();
  }

  let closedBy: string | undefined;
  let quiet = false;
  for (;;) {
    while (state.step && !isClosed(state)) {
      const step = state.step;
      const exit = await workStep(ctx, step);
      if (exit === 'cancelled') {
        state.status = 'cancelled';
        break;
      }
      if (exit.to !== null) {
        state.status = exit.ticketStatus;
        await record(
          ctx,
          'status_changed',
          { details: { from: step.key, to: exit.to } },
          exit.actorId,
        );
        await enterStep(ctx, exit.to);
        await flushEffects(ctx);
        ctx.inbox.answerLeaving(state);
        continue;
      }
      state.status = exit.ticketStatus;
      closedBy = exit.actorId;
    }
    const after = await awaitRequester(ctx, closedBy);
    if (after === 'final') break;
    closedBy = undefined;
    if (after === 'closed') {
      quiet = true;
      break;
    }
  }

  await finish(ctx, closedBy, quiet ? { quiet, reopenUntil: null } : {});
  return viewOf(state);
}
