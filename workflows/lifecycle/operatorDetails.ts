import { setCurrentDetails } from '@temporalio/workflow';
import { markdownText } from '../../domain/operatorView';
import type { Person } from '../../domain/people';
import { viewOf, type LifecycleState } from './state';

function person(who: Person | null | undefined): string {
  return who ? `${markdownText(who.name, 100)} (user ${markdownText(who.id, 64)})` : 'nobody';
}

/**
 * The ticket as an operator wants it in the Temporal Web UI's "Current Details": status, step,
 * assignee, coordinator and SLA deadline, without opening the JSON of the state query.
 */
export function operatorDetails(state: LifecycleState): string {
  const view = viewOf(state);
  const task = view.task;
  const sla = task?.slaDeadline
    ? `${task.slaDeadline}${task.slaBreached ? ' (breached)' : ''}`
    : 'none running';
  return [
    `**${state.ticket.number}** · **Status** ${view.status} · **Priority** ${view.priority}`,
    `**Subject** ${markdownText(state.ticket.subject, 200)}`,
    task
      ? `**Step** ${markdownText(task.stepName, 100)} (role ${markdownText(task.role, 100)}) · **Assignee** ${person(task.assignee)}`
      : `**Step** none`,
    `**SLA deadline** ${sla}`,
    `**Coordinator** ${person(view.coordinator)}`,
    view.definition
      ? `**Workflow** ${markdownText(view.definition.key, 100)} v${view.definition.version}`
      : '**Workflow** unrouted',
  ].join('  \n');
}

/** Publishes the details for the Web UI; no history event, so safe at any point of any run. */
export function showOperatorDetails(state: LifecycleState): void {
  setCurrentDetails(operatorDetails(state));
}
