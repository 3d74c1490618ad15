import { deadlineOf } from '../../domain/sla';
import type { Person } from '../../domain/people';
import { escalate } from './assignment';
import type { LifecycleContext } from './context';
import { message, notify, record } from './effects';
import type { StepRun } from './state';

/** The step's SLA clock went off: assignee and coordinator hear of it; a breach escalates once. */
export async function onSlaEvent(
  ctx: LifecycleContext,
  step: StepRun,
  kind: 'warning' | 'breach',
): Promise<void> {
  const { state, store } = ctx;
  const watchers = [step.assignee, state.coordinator].filter((p): p is Person => p !== null);
  const deadline = deadlineOf(step.clock);
  const data = { slaDeadline: deadline === null ? null : new Date(deadline).toISOString() };
  if (kind === 'warning') {
    step.clock = { ...step.clock, warningSent: true };
    await store.updateTask({ taskId: step.taskId, warningSent: true });
    await record(ctx, 'sla_warning');
    await notify(
      ctx,
      watchers.map((p) => message(ctx, 'sla_warning', p, data)),
      [],
    );
    return;
  }
  step.clock = { ...step.clock, breached: true };
  await store.updateTask({
    taskId: step.taskId,
    slaBreached: true,
    assignmentStatus: 'breached',
  });
  await record(ctx, 'sla_breached');
  await notify(
    ctx,
    watchers.map((p) => message(ctx, 'sla_breach', p, data)),
    watchers.map((p) => message(ctx, 'sla_breach', p, data)),
  );
  if (!step.escalated) await escalate(ctx, step, 'SLA breached');
}
