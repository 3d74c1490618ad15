import { allowedActions, stepOf, transitionOf } from '../../domain/definitions';
import { REJECTIONS, type ActRequest, type OverrideRequest, type ReopenRequest } from '../messages';
import { isClosed, type LifecycleState } from './state';

export interface Rejection {
  type: (typeof REJECTIONS)[keyof typeof REJECTIONS];
  message: string;
}

const ADMIN_ROLE = 'admin';

/** Why an agent's action cannot be applied now, or null when it can. Pure: used by the validator. */
export function rejectAct(state: LifecycleState, request: ActRequest): Rejection | null {
  const { step, definition } = state;
  if (isClosed(state) || !step || !definition) {
    return {
      type: REJECTIONS.notAllowed,
      message: `ticket ${state.ticket.number} has no open step`,
    };
  }
  const allowed = allowedActions(definition.spec, step.key);
  if (!allowed.includes(request.action)) {
    const message =
      request.action === 'escalate'
        ? `step ${step.key} has no escalation role`
        : `action ${request.action} is not allowed on step ${step.key} (allowed: ${allowed.join(', ')})`;
    return { type: REJECTIONS.notAllowed, message };
  }
  const transition = transitionOf(definition.spec, step.key, request.action);
  if (transition?.notesRequired && !request.notes?.trim()) {
    return {
      type: REJECTIONS.notesRequired,
      message: `${request.action} on step ${step.key} needs notes saying why`,
    };
  }
  const onHold = state.status === 'on_hold';
  if (request.action === 'resume' && !onHold) {
    return { type: REJECTIONS.notAllowed, message: 'the ticket is not on hold' };
  }
  if (request.action !== 'resume' && onHold) {
    return { type: REJECTIONS.notAllowed, message: 'the ticket is on hold: resume it first' };
  }
  if (request.action === 'start' && step.started) {
    return { type: REJECTIONS.notAllowed, message: 'work on this step has already started' };
  }
  if (request.action === 'escalate' && step.escalated) {
    return { type: REJECTIONS.notAllowed, message: 'this step is already escalated' };
  }
  const actorId = request.actor.userId;
  const isAssignee = step.assignee?.id === actorId;
  const mayManage =
    isAssignee || state.coordinator?.id === actorId || request.actor.roles.includes(ADMIN_ROLE);
  const managing = request.action === 'transfer' || request.action === 'escalate';
  if (managing ? !mayManage : !isAssignee) {
    return {
      type: REJECTIONS.notAssignee,
      message: managing
        ? `only the assignee, the ticket coordinator or an admin may ${request.action}`
        : `only the assignee may ${request.action} this task`,
    };
  }
  if (request.action === 'transfer') {
    if (!request.targetUserId) {
      return { type: REJECTIONS.invalidTarget, message: 'transfer needs targetUserId' };
    }
    if (request.targetUserId === step.assignee?.id) {
      return {
        type: REJECTIONS.invalidTarget,
        message: 'the task is already assigned to that user',
      };
    }
  }
  return null;
}

/** Why an admin override cannot be applied now, or null when it can. */
export function rejectOverride(state: LifecycleState, request: OverrideRequest): Rejection | null {
  const invalid = (message: string): Rejection => ({ type: REJECTIONS.invalidOverride, message });
  if (!request.actor.roles.includes(ADMIN_ROLE)) return invalid('overrides need the admin role');
  if (isClosed(state)) return invalid(`ticket ${state.ticket.number} is already ${state.status}`);
  const { step, definition } = state;
  switch (request.type) {
    case 'reassign':
      if (!step) return invalid('the ticket has no open step to reassign');
      if (step.assignee?.id === request.userId)
        return invalid('the task is already assigned to that user');
      return null;
    case 'change_priority':
      return request.priority === state.ticket.priority
        ? invalid(`priority is already ${request.priority}`)
        : null;
    case 'force_transition':
      if (!step || !definition) return invalid('the ticket has no open step to move from');
      if (request.toStep !== null) {
        try {
          stepOf(definition.spec, request.toStep);
        } catch {
          return invalid(
            `definition ${definition.key} v${definition.version} has no step ${request.toStep}`,
          );
        }
      }
      return null;
    case 'hold':
      if (!step) return invalid('only a ticket on a step can be put on hold');
      return state.status === 'on_hold' ? invalid('the ticket is already on hold') : null;
    case 'resume':
      return state.status === 'on_hold' ? null : invalid('the ticket is not on hold');
    case 'cancel':
      return null;
  }
}

/**
 * Why the ticket cannot be reopened now, or null when it can (resolved, its window running). A
 * requester's reply to a ticket that is open again (another reply reopened it a moment before)
 * is no reason to refuse that reply: it is accepted and changes nothing.
 */
export function rejectReopen(state: LifecycleState, request: ReopenRequest): Rejection | null {
  const { resolution } = state;
  const refuse = (message: string): Rejection => ({ type: REJECTIONS.notReopenable, message });
  if (request.via === 'reply' && !isClosed(state)) return null;
  if (state.status !== 'resolved' || !resolution) {
    return refuse(
      `ticket ${state.ticket.number} is ${state.status}: only a resolved ticket can be reopened`,
    );
  }
  if (Date.now() >= resolution.reopenUntil) {
    return refuse(
      `the reopen window of ticket ${state.ticket.number} closed at ${new Date(resolution.reopenUntil).toISOString()}`,
    );
  }
  return null;
}
