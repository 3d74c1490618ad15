import { useCallback } from 'react';
import type { TaskDetail } from '../../api/types';
import { formatDateTime, humanize } from '../../components/format';
import { useResource } from '../../hooks/useResource';
import { useSession } from '../../session/SessionProvider';

/**
 * Who has held this step and how they got it (system round-robin, transfer, escalation); mount it
 * keyed by the step's assignee so a hand-over reads it again.
 */
export function AssignmentHistory({ taskId }: { taskId: string }) {
  const { api } = useSession();
  const load = useCallback(
    () => api.request<TaskDetail>('workflow', `/api/v1/tasks/${taskId}`),
    [api, taskId],
  );
  const assignments = useResource(load).data?.assignments ?? [];
  if (assignments.length === 0) return null;
  return (
    <details className="assignments">
      <summary>Assignment history ({assignments.length})</summary>
      <ol>
        {assignments.map((a, i) => (
          <li key={i}>
            <strong>{a.userName}</strong> · {humanize(a.origin.toLowerCase())} ·{' '}
            {humanize(a.status)} · {formatDateTime(a.assignedAt)}
            {a.notes ? <q>{a.notes}</q> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
