import { uuid4 } from '@temporalio/workflow';
import type { NotificationMessage, NotificationType } from '../../domain/notifications';
import { deadlineOf } from '../../domain/sla';
import type { TicketEvent } from '../../domain/tickets';
import type { Person } from '../messages';
import type { LifecycleContext } from './context';

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
  await ctx.sideEffects.recordTicketEvent({
    ticketNumber: state.ticket.number,
    event: {
      eventKey: ctx.nextKey('e'),
      type,
      occurredAt: new Date().toISOString(),
      actor: actorId ? { kind: 'user', id: actorId } : { kind: 'system' },
      status: state.status,
      priority: state.ticket.priority,
      assigneeId: step?.assignee?.id ?? null,
      assignedRole: step?.role ?? null,
      slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
      slaBreached: step?.clock.breached ?? false,
      ...fields,
    },
  });
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
  if (email.length + inapp.length > 0) {
    await ctx.sideEffects.publishNotifications({ email, inapp });
  }
}

/** A system comment on the ticket; one that could not be posted is recorded instead. */
export async function comment(ctx: LifecycleContext, body: string): Promise<void> {
  const { posted } = await ctx.comments.postSystemComment({
    ticketNumber: ctx.state.ticket.number,
    commentKey: ctx.nextKey('c'),
    body,
  });
  if (!posted) await record(ctx, 'comment_failed', { details: { body } });
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
