import { formatDateTime, humanize, relativeTime } from './format';
import { slaStateOf, type SlaState } from './sla';

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
