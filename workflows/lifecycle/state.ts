import {
  allowedActions,
  transitionChoices,
  type DefinitionSnapshot,
} from '../../domain/definitions';
import { deadlineOf, type SlaClock } from '../../domain/sla';
import { CLOSED_STATUSES, type TicketSnapshot, type TicketStatus } from '../../domain/tickets';
import type { Person } from '../../domain/people';
import type { LifecycleView } from '../messages';

/** Durations of the lifecycle that are not SLA targets (those come from the definition). */
export interface LifecycleOptions {
  /** How often an unrouted ticket tries to match a definition again. */
  retryRoutingAfterMs: number;
  /** How often a step nobody could take tries to assign again. */
  retryAssignmentAfterMs: number;
  /** History length after which the run continues as new at a quiet moment. */
  maxHistoryEvents: number;
}

export const DEFAULT_OPTIONS: LifecycleOptions = {
  retryRoutingAfterMs: 10 * 60_000,
  retryAssignmentAfterMs: 5 * 60_000,
  maxHistoryEvents: 5_000,
};

/** The step the ticket is on: its task, who holds it, and its SLA clock. */
export interface StepRun {
  seq: number;
  key: string;
  name: string;
  /** The role holding the step: the step's role, or its escalation role once escalated. */
  role: string;
  taskId: string;
  assignee: Person | null;
  assignmentSeq: number;
  clock: SlaClock;
  started: boolean;
  escalated: boolean;
}

/** Everything a run carries into the next one when it continues as new. */
export interface LifecycleState {
  ticket: TicketSnapshot;
  status: TicketStatus;
  statusBeforeHold: TicketStatus | null;
  definition: DefinitionSnapshot | null;
  coordinator: Person | null;
  /** Coordinator picks so far (keys each pick); absent in runs started before the rotation. */
  coordinatorPicks?: number;
  step: StepRun | null;
  stepSeq: number;
  eventSeq: number;
  /**
   * A resolved ticket waiting for its requester: the step it was resolved on, who held it, and
   * until when (epoch ms) it may be reopened. Absent otherwise, and in runs before the window.
   */
  resolution?: { stepKey: string; assigneeId: string | null; reopenUntil: number } | null;
  seenEventIds: string[];
}

export function initialState(ticket: TicketSnapshot): LifecycleState {
  return {
    ticket,
    status: 'new',
    statusBeforeHold: null,
    definition: null,
    coordinator: null,
    step: null,
    stepSeq: 0,
    eventSeq: 0,
    seenEventIds: [],
  };
}

export function isClosed(state: LifecycleState): boolean {
  return CLOSED_STATUSES.includes(state.status);
}

export function viewOf(state: LifecycleState): LifecycleView {
  const { step, definition } = state;
  const deadline = step ? deadlineOf(step.clock) : null;
  return {
    ticketNumber: state.ticket.number,
    status: state.status,
    priority: state.ticket.priority,
    definition: definition ? { key: definition.key, version: definition.version } : null,
    coordinator: state.coordinator,
    task:
      step && definition
        ? {
            taskId: step.taskId,
            stepKey: step.key,
            stepName: step.name,
            role: step.role,
            assignee: step.assignee,
            slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
            slaBreached: step.clock.breached,
            warningSent: step.clock.warningSent,
            allowedActions: allowedActions(definition.spec, step.key),
            transitions: transitionChoices(definition.spec, step.key),
          }
        : null,
    reopenUntil: state.resolution ? new Date(state.resolution.reopenUntil).toISOString() : null,
  };
}
