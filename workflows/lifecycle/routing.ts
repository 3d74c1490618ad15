import type { LifecycleContext } from './context';
import { chooseCoordinator } from './coordinator';
import { message, notify, record, saveTicketRun } from './effects';

/** Matches the ticket to a definition; the first miss marks it unrouted and tells the admins. */
export async function route(ctx: LifecycleContext): Promise<boolean> {
  const { state, store } = ctx;
  state.definition = await store.matchDefinition({
    system: state.ticket.system,
    department: state.ticket.department,
    category: state.ticket.category,
  });
  if (state.definition) {
    await record(ctx, 'routed', {
      details: { definition: state.definition.key, version: state.definition.version },
    });
    return true;
  }
  if (state.status !== 'unrouted') {
    state.status = 'unrouted';
    await record(ctx, 'unrouted', {
      details: { department: state.ticket.department, category: state.ticket.category },
    });
    const admins = await store.listRoleMembers({ system: state.ticket.system, role: 'admin' });
    await notify(
      ctx,
      [],
      admins.map((admin) =>
        message(ctx, 'unrouted_ticket', admin, {
          department: state.ticket.department,
          category: state.ticket.category,
        }),
      ),
    );
  }
  return false;
}

export async function pickCoordinator(
  ctx: LifecycleContext,
  exclude: string[] = [],
): Promise<void> {
  const { state } = ctx;
  if (!state.definition) return;
  state.coordinator = await chooseCoordinator(ctx, state, exclude);
  await saveTicketRun(ctx);
}
