import { formatDateTime, humanize, relativeTime } from './format';

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge status-${status}`} data-testid="ticket-status">
      {humanize(status)}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge priority-${priority}`}>{humanize(priority)}</span>;
}

export type SlaState = 'breached' | 'warning' | 'ok' | 'none';

/** Breached, warned (the workflow sent its SLA warning) or within the last quarter: at risk. */
export function slaStateOf(
  task: { slaDeadline: string | null; slaBreached: boolean; warningSent: boolean },
  now = Date.now(),
): SlaState {
  if (task.slaBreached) return 'breached';
  if (!task.slaDeadline) return 'none';
  const left = new Date(task.slaDeadline).getTime() - now;
  if (left <= 0) return 'breached';
  return task.warningSent ? 'warning' : 'ok';
}

const SLA_LABELS: Record<SlaState, string> = {
  breached: 'SLA breached',
  warning: 'SLA at risk',
  ok: 'On track',
  none: 'No SLA clock',
};

export function SlaBadge({
  task,
}: {
  task: { slaDeadline: string | null; slaBreached: boolean; warningSent: boolean };
}) {
  const state = slaStateOf(task);
  return (
    <span
      className={`badge sla-${state}`}
      title={task.slaDeadline ? `Due ${formatDateTime(task.slaDeadline)}` : undefined}
    >
      {SLA_LABELS[state]}
      {task.slaDeadline && state !== 'none' ? ` · due ${relativeTime(task.slaDeadline)}` : ''}
    </span>
  );
}
