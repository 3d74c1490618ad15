import { uuid4 } from '@temporalio/workflow';
import type { NotificationMessage, NotificationType } from '../../domain/notifications';
import { deadlineOf } from '../../domain/sla';
import type { TicketEvent } from '../../domain/tickets';
import type { Person } from '../../domain/people';
import type { LifecycleContext } from './context';
import type { PendingComment } from './pendingEffects';

/** Appends an event to the ticket's history, stamped with the ticket as it is now. */
export async function record(
  ctx: LifecycleContext,
  type: TicketEvent['type'],
  fields: Omit<TicketEvent, 'eventKey' | 'type' | 'occurredAt' | 'actor'> = {},
  actorId?: string,
): Promise<void> {
  const { state } = ctx;
  const step = state.step;
  const deadline = step ? deadlineOf(step.clock) : null;
  const event: TicketEvent = {
    eventKey: ctx.nextKey('e'),
    type,
    occurredAt: new Date().toISOString(),
    actor: actorId ? { kind: 'user', id: actorId } : { kind: 'system' },
    status: state.status,
    priority: state.ticket.priority,
    assigneeId: step?.assignee?.id ?? null,
    assignedRole: step?.role ?? null,
    step: step?.name ?? null,
    slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
    slaBreached: step?.clock.breached ?? false,
    ...fields,
  };
  if (ctx.generation >= 3) ctx.pending.events.push(event);
  else await ctx.sideEffects.recordTicketEvent({ ticketNumber: state.ticket.number, event });
  ctx.searchAttributes.changed();
}

export function message(
  ctx: LifecycleContext,
  type: NotificationType,
  to: Person | { id: string },
  data: NotificationMessage['data'] = {},
): NotificationMessage {
  const { ticket, step } = ctx.state;
  return {
    id: uuid4(),
    type,
    recipient:
      'email' in to ? { userId: to.id, email: to.email, name: to.name } : { userId: to.id },
    data: {
      ticketNumber: ticket.number,
      subject: ticket.subject,
      priority: ticket.priority,
      step: step?.name ?? null,
      ...data,
    },
    createdAt: new Date().toISOString(),
  };
}

export async function notify(
  ctx: LifecycleContext,
  email: NotificationMessage[],
  inapp: NotificationMessage[],
): Promise<void> {
  if (ctx.generation >= 3) {
    ctx.pending.email.push(...email);
    ctx.pending.inapp.push(...inapp);
  } else if (email.length + inapp.length > 0) {
    await ctx.sideEffects.publishNotifications({ email, inapp });
  }
}

/** A system comment on the ticket; one that could not be posted is recorded instead. */
export async function comment(ctx: LifecycleContext, body: string): Promise<void> {
  const pending = { commentKey: ctx.nextKey('c'), body };
  if (ctx.generation >= 3) {
    ctx.pending.comments.push(pending);
    return;
  }
  if (!(await postComment(ctx, pending))) {
    await record(ctx, 'comment_failed', { details: { body } });
  }
}

async function postComment(ctx: LifecycleContext, pending: PendingComment): Promise<boolean> {
  const { posted } = await ctx.comments.postSystemComment({
    ticketNumber: ctx.state.ticket.number,
    ...pending,
  });
  return posted;
}

/**
 * Sends the queued effects: the events in one call, the notifications in one publish and each
 * comment, side by side (each activity is idempotent by the keys the effects carry). A comment
 * that could not be posted is recorded, and that record goes out in the next round.
 */
export async function flushEffects(ctx: LifecycleContext): Promise<void> {
  const ticketNumber = ctx.state.ticket.number;
  while (!ctx.pending.empty) {
    const { events, email, inapp, comments } = ctx.pending.take();
    const [, , posted] = await Promise.all([
      events.length > 0
        ? ctx.sideEffects.recordTicketEvents({ ticketNumber, events })
        : Promise.resolve(),
      email.length + inapp.length > 0
        ? ctx.sideEffects.publishNotifications({ email, inapp })
        : Promise.resolve(),
      Promise.all(comments.map((pending) => postComment(ctx, pending))),
    ]);
    for (const [i, pending] of comments.entries()) {
      if (!posted[i]) await record(ctx, 'comment_failed', { details: { body: pending.body } });
    }
  }
}

/** The workflow service's row for this ticket: definition, coordinator, status. */
export function saveTicketRun(ctx: LifecycleContext): Promise<void> {
  const { state } = ctx;
  return ctx.store.recordTicketRun({
    ticketNumber: state.ticket.number,
    workflowId: ctx.workflowId,
    definitionId: state.definition?.id ?? null,
    coordinatorId: state.coordinator?.id ?? null,
    status: state.status,
    priority: state.ticket.priority,
  });
}
