import type { Knex } from 'knex';
import type { DefinitionSpec } from '../../domain/definitionSchema';
import { NotFoundError } from '../../domain/errors';
import { ACTIVE_TASK_STATUSES, type TaskStatus } from '../../domain/tasks';

/** One step a ticket went through: the step, how it was left (a transition's name), and when. */
export interface PathStep {
  taskId: string;
  stepKey: string;
  stepName: string;
  status: TaskStatus;
  action: string | null;
  createdAt: string;
  completedAt: string | null;
}

/**
 * A ticket on its workflow's graph: the definition version it runs (steps and transitions only),
 * the step it is on, and the steps it has been through, oldest first.
 */
export interface WorkflowPathView {
  definition: {
    key: string;
    version: number;
    graph: Pick<DefinitionSpec, 'startStep' | 'steps' | 'transitions'>;
  } | null;
  currentStep: string | null;
  path: PathStep[];
}

interface TaskRow {
  id: string;
  step_key: string;
  step_name: string;
  status: TaskStatus;
  last_action: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export async function workflowPath(db: Knex, ticketNumber: string): Promise<WorkflowPathView> {
  const run = await db('ticket_runs')
    .where({ ticket_number: ticketNumber })
    .first<{ definition_id: string | null } | undefined>('definition_id');
  if (!run) throw new NotFoundError(`no workflow run for ticket ${ticketNumber}`, 'number');
  const definition = run.definition_id
    ? await db('workflow_definitions')
        .where({ id: run.definition_id })
        .first<{ key: string; version: number; spec: DefinitionSpec }>('key', 'version', 'spec')
    : undefined;
  const tasks = await db('tasks')
    .where({ ticket_number: ticketNumber })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select<TaskRow[]>(
      'id',
      'step_key',
      'step_name',
      'status',
      'last_action',
      'created_at',
      'completed_at',
    );
  const open = tasks.filter((task) => ACTIVE_TASK_STATUSES.includes(task.status)).at(-1);
  return {
    definition: definition
      ? {
          key: definition.key,
          version: definition.version,
          graph: {
            startStep: definition.spec.startStep,
            steps: definition.spec.steps,
            transitions: definition.spec.transitions,
          },
        }
      : null,
    currentStep: open?.step_key ?? null,
    path: tasks.map((task) => ({
      taskId: String(task.id),
      stepKey: task.step_key,
      stepName: task.step_name,
      status: task.status,
      action: task.last_action,
      createdAt: task.created_at.toISOString(),
      completedAt: task.completed_at?.toISOString() ?? null,
    })),
  };
}
