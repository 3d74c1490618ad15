import type { Knex } from 'knex';
import type { DefinitionSpec } from '../domain/definitionSchema';
import type { DefinitionSnapshot } from '../domain/definitions';
import { ValidationError } from '../domain/errors';
import type { Priority } from '../domain/tickets';
import type { Person } from '../domain/people';
import type { AssignmentOrigin, TaskStatus } from '../domain/tasks';
import type { RoleDirectory } from './directory';
import { takeNextInRotation } from './rotation';

export interface TaskStoreDeps {
  workflowDb: Knex;
  directory: RoleDirectory;
}

export interface NewTask {
  taskKey: string;
  ticketNumber: string;
  workflowId: string;
  definitionId: string;
  stepKey: string;
  stepName: string;
  role: string;
  system: string;
  slaDeadline: string | null;
}

export interface Assignment {
  taskId: string;
  assignmentKey: string;
  system: string;
  role: string;
  /** The role's holders as the workflow fetched them (generations 1–3); else read here. */
  candidates?: Person[];
  excludeUserIds: string[];
  origin: AssignmentOrigin;
  userId?: string;
  /** Hand it to this user if they still hold the role (a reopened ticket's last assignee). */
  preferUserId?: string;
  notes?: string;
}

/** A stored pick of a person (assignment or coordinator pick). */
export interface PickedPersonRow {
  user_id: string;
  user_email: string;
  user_name: string;
}

export const personOf = (row: PickedPersonRow): Person => ({
  id: row.user_id,
  email: row.user_email,
  name: row.user_name,
});

/**
 * Activities on the workflow service's own database (the worker belongs to that service):
 * definition matching, tasks, and assignment. Each is idempotent by a key the workflow derives.
 */
export function createTaskActivities({ workflowDb: db, directory }: TaskStoreDeps) {
  /** Creates the task of one step instance; running twice returns the same task. */
  const createTask = async (input: NewTask): Promise<{ taskId: string }> => {
    const [inserted] = await db('tasks')
      .insert({
        task_key: input.taskKey,
        ticket_number: input.ticketNumber,
        workflow_id: input.workflowId,
        definition_id: input.definitionId,
        step_key: input.stepKey,
        step_name: input.stepName,
        role: input.role,
        system: input.system,
        status: 'pending',
        sla_deadline: input.slaDeadline,
      })
      .onConflict('task_key')
      .ignore()
      .returning<{ id: string }[]>('id');
    if (inserted) return { taskId: String(inserted.id) };
    const existing = await db('tasks')
      .where({ task_key: input.taskKey })
      .first<{ id: string }>('id');
    return { taskId: String(existing.id) };
  };

  /**
   * Assigns the task to `userId` (who must be among the candidates) or, without one, to the next
   * candidate in the role's persisted rotation. Postgres rather than an entity workflow per
   * role: one round trip, and the state sits beside the tasks.
   * Idempotent by assignmentKey. Returns null when nobody can take it.
   */
  const assignTask = async (input: Assignment): Promise<Person | null> => {
    const candidates = input.candidates ?? (await directory.members(input.system, input.role));
    return db.transaction(async (trx) => {
      const existing = await trx('task_assignments')
        .where({ assignment_key: input.assignmentKey })
        .first<PickedPersonRow | undefined>();
      if (existing) return personOf(existing);

      let chosen: Person | null;
      if (input.userId !== undefined) {
        chosen = candidates.find((candidate) => candidate.id === input.userId) ?? null;
        if (!chosen) {
          throw new ValidationError(
            `user ${input.userId} does not hold the role ${input.role}`,
            'userId',
          );
        }
      } else {
        const preferred = candidates.find((candidate) => candidate.id === input.preferUserId);
        const eligible = candidates.filter((c) => !input.excludeUserIds.includes(c.id));
        chosen =
          preferred ??
          (await takeNextInRotation(
            trx,
            { system: input.system, role: input.role, duty: 'step' },
            eligible,
          ));
        if (!chosen) return null;
      }

      await trx('task_assignments')
        .where({ task_id: input.taskId })
        .whereIn('status', ['new', 'in_progress'])
        .update({
          status: input.origin === 'escalation' ? 'escalated' : 'reassigned',
          acted_at: trx.fn.now(),
        });
      await trx('task_assignments').insert({
        task_id: input.taskId,
        assignment_key: input.assignmentKey,
        user_id: chosen.id,
        user_email: chosen.email,
        user_name: chosen.name,
        origin: input.origin,
        status: 'new',
        notes: input.notes ?? null,
      });
      await trx('tasks')
        .where({ id: input.taskId })
        .update({
          assignee_id: chosen.id,
          ...(input.origin === 'escalation' ? { status: 'escalated' } : {}),
          updated_at: trx.fn.now(),
        });
      return chosen;
    });
  };

  return {
    /** The deployed definition for the department + category, or null: the ticket is unrouted. */
    async matchDefinition(input: {
      system: string;
      department: string;
      category: string;
    }): Promise<DefinitionSnapshot | null> {
      const row = await db('workflow_definitions')
        .where({ system: input.system, status: 'deployed' })
        .whereRaw('lower(department) = lower(?) and lower(category) = lower(?)', [
          input.department,
          input.category,
        ])
        .orderBy([
          { column: 'deployed_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first<{ id: string; key: string; version: number; spec: DefinitionSpec } | undefined>();
      return row
        ? { id: String(row.id), key: row.key, version: row.version, spec: row.spec }
        : null;
    },

    async recordTicketRun(input: {
      ticketNumber: string;
      workflowId: string;
      definitionId: string | null;
      coordinatorId: string | null;
      status: string;
      priority: Priority;
    }): Promise<void> {
      await db('ticket_runs')
        .insert({
          ticket_number: input.ticketNumber,
          workflow_id: input.workflowId,
          definition_id: input.definitionId,
          coordinator_id: input.coordinatorId,
          status: input.status,
          priority: input.priority,
        })
        .onConflict('ticket_number')
        .merge(['definition_id', 'coordinator_id', 'status', 'priority', 'updated_at']);
    },

    createTask,
    assignTask,

    /**
     * Opens a step in one call: its task, assigned round-robin over the role's holders (the
     * replica). Idempotent like its two parts: a retry answers the same task and assignee.
     */
    async openTask(
      input: NewTask & { assignment: Omit<Assignment, 'taskId' | 'candidates'> },
    ): Promise<{ taskId: string; assignee: Person | null }> {
      const { assignment, ...task } = input;
      const { taskId } = await createTask(task);
      return { taskId, assignee: await assignTask({ ...assignment, taskId }) };
    },

    async updateTask(input: {
      taskId: string;
      status?: TaskStatus;
      slaDeadline?: string | null;
      slaBreached?: boolean;
      warningSent?: boolean;
      action?: string;
      notes?: string;
      assignmentStatus?: 'in_progress' | 'resolved' | 'breached';
    }): Promise<void> {
      await db.transaction(async (trx) => {
        const changes: Record<string, unknown> = { updated_at: trx.fn.now() };
        if (input.status !== undefined) changes.status = input.status;
        if (input.status === 'in_progress')
          changes.started_at = trx.raw('coalesce(started_at, now())');
        if (input.status === 'completed' || input.status === 'cancelled')
          changes.completed_at = trx.fn.now();
        if (input.slaDeadline !== undefined) changes.sla_deadline = input.slaDeadline;
        if (input.slaBreached !== undefined) changes.sla_breached = input.slaBreached;
        if (input.warningSent !== undefined) changes.warning_sent = input.warningSent;
        if (input.action !== undefined) changes.last_action = input.action;
        if (input.notes !== undefined) changes.notes = input.notes;
        await trx('tasks').where({ id: input.taskId }).update(changes);
        if (input.assignmentStatus) {
          await trx('task_assignments')
            .where({ task_id: input.taskId })
            .whereIn('status', ['new', 'in_progress'])
            .update({
              status: input.assignmentStatus,
              acted_at: trx.fn.now(),
              ...(input.notes !== undefined ? { notes: input.notes } : {}),
            });
        }
      });
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
