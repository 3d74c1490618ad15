import { useCallback, useMemo } from 'react';
import type { WorkflowPathView } from '../../api/types';
import { humanize } from '../../components/format';
import { takenKey } from '../../components/graph/graphMarks';
import { LazyWorkflowGraph } from '../../components/graph/LazyWorkflowGraph';
import { ErrorNotice, Loading } from '../../components/States';
import { useResource } from '../../hooks/useResource';
import { useSession } from '../../session/SessionProvider';

/** Where a path has been: its steps, and its transitions as `from/action`. */
function trail(path: WorkflowPathView['path']) {
  return {
    visitedSteps: new Set(path.map((step) => step.stepKey)),
    takenTransitions: new Set(
      path.flatMap((step) => (step.action ? [takenKey(step.stepKey, step.action)] : [])),
    ),
  };
}

/**
 * The ticket on its workflow's graph (staff): the definition version it runs, its current step
 * highlighted, the steps it went through and the transitions it took; the same path in words.
 * Mount it keyed by the ticket's state so a step change draws it again.
 */
export function TicketWorkflow({ number }: { number: string }) {
  const { api } = useSession();
  const load = useCallback(
    () =>
      api.request<WorkflowPathView>(
        'workflow',
        `/api/v1/tickets/${encodeURIComponent(number)}/workflow-path`,
      ),
    [api, number],
  );
  const { data, error } = useResource(load);
  const marks = useMemo(
    () => (data ? { currentStep: data.currentStep, ...trail(data.path) } : undefined),
    [data],
  );
  if (error) return <ErrorNotice error={error} />;
  if (!data || !marks) return <Loading what="Loading the workflow" />;
  const { definition } = data;
  return (
    <section className="card" aria-labelledby="workflow-title" data-testid="ticket-workflow">
      <h2 id="workflow-title">
        Workflow{definition ? `: ${definition.key} v${definition.version}` : ''}
      </h2>
      {definition ? (
        <LazyWorkflowGraph
          shape={definition.graph}
          marks={marks}
          label={`Workflow graph of ${number}: current step ${data.currentStep ?? 'none'}`}
        />
      ) : (
        <p className="hint">No workflow definition matched this ticket yet.</p>
      )}
      {data.path.length > 0 ? (
        <ol className="ticket-path" aria-label="Steps taken" data-testid="ticket-path">
          {data.path.map((step) => (
            <li key={step.taskId}>
              {step.stepName}
              {step.action ? ` — ${humanize(step.action)}` : ''}
              {step.stepKey === data.currentStep && !step.completedAt ? ' (current)' : ''}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
