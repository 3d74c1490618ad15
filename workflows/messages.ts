import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TaskAction, TransitionChoice } from '../domain/definitions';
import type { OverrideBody } from '../domain/overrides';
import type { Person } from '../domain/people';
import type { Priority, ReopenVia, TicketStatus } from '../domain/tickets';

/**
 * Every message a ticket's lifecycle workflow accepts, shared by the workflow API (sender) and the
 * workflow (handler). Agent actions and admin overrides are Updates: validated, answered, audited.
 */

export interface Actor {
  userId: string;
  /** The actor's roles in the ticket's system. */
  roles: string[];
}

export interface ActRequest {
  actor: Actor;
  action: TaskAction;
  notes?: string;
  /** transfer: the colleague (holding the step's role) who takes over. */
  targetUserId?: string;
  /** escalate: why. */
  reason?: string;
}

/**
 * Reopening a resolved ticket within its window: its requester asked or replied, or staff did.
 * The ticket API checks who may (the requester of this ticket, or staff) before it sends this.
 */
export interface ReopenRequest {
  actorId: string;
  via: ReopenVia;
  /** Why (staff-only in the ticket's history). */
  reason?: string;
}

/** An admin override: what it asks for, and the admin (checked to hold the role). */
export type OverrideRequest = { actor: Actor } & OverrideBody;

export interface TaskView {
  taskId: string;
  stepKey: string;
  stepName: string;
  role: string;
  assignee: Person | null;
  slaDeadline: string | null;
  slaBreached: boolean;
  warningSent: boolean;
  allowedActions: TaskAction[];
  /** The step's transitions with their labels, and whether each needs notes. */
  transitions: TransitionChoice[];
}

export interface LifecycleView {
  ticketNumber: string;
  status: TicketStatus;
  priority: Priority;
  definition: { key: string; version: number } | null;
  coordinator: Person | null;
  task: TaskView | null;
  /** A resolved ticket waiting for its requester: until when it may be reopened. */
  reopenUntil?: string | null;
}

/** Answer of an accepted action or override: the ticket's state after it was applied. */
export type MessageResult = LifecycleView;

export const actUpdate = defineUpdate<MessageResult, [ActRequest]>('act');
export const overrideUpdate = defineUpdate<MessageResult, [OverrideRequest]>('override');
/** Puts a resolved ticket back on its last step while its reopen window runs. */
export const reopenUpdate = defineUpdate<MessageResult, [ReopenRequest]>('reopen');
/**
 * The same overrides as a signal, for the Temporal Web UI ("Send a Signal") and CLI
 * (`temporal workflow signal --name override`): the payload names its admin (`adminId`) and may be
 * anything typed there; a refused one is recorded in the ticket's history and told to that user.
 */
export const overrideSignal = defineSignal<[unknown]>('override');
/** Definitions changed: an unrouted ticket tries to match again. */
export const rerouteSignal = defineSignal<[{ eventId: string }]>('reroute');
/** A user was deactivated: if they hold this ticket, it moves to someone else. */
export const userDeactivatedSignal =
  defineSignal<[{ eventId: string; userId: string }]>('userDeactivated');
export const stateQuery = defineQuery<LifecycleView>('state');

/** Failure types the workflow answers with; the workflow API maps them to HTTP statuses. */
export const REJECTIONS = {
  notAllowed: 'ActionNotAllowed',
  notAssignee: 'NotAssignee',
  invalidOverride: 'InvalidOverride',
  invalidTarget: 'InvalidTarget',
  notesRequired: 'NotesRequired',
  notReopenable: 'NotReopenable',
} as const;
