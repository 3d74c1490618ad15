export type SlaState = 'breached' | 'warning' | 'ok' | 'none';

/**
 * Breached when the workflow says so or the deadline has passed (before its timer fires), at risk
 * once the workflow sent its SLA warning, otherwise on track; no deadline while on hold.
 */
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
