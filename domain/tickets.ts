/** Ticket vocabulary shared by the ticket API, the lifecycle workflow and the workflow API. */
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_STATUSES = [
  'new',
  'unrouted',
  'open',
  'in_progress',
  'on_hold',
  'resolved',
  'rejected',
  'closed',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const CLOSED_STATUSES: readonly TicketStatus[] = [
  'resolved',
  'rejected',
  'closed',
  'cancelled',
];

/** Workflow id of a ticket's lifecycle: one per ticket, so a duplicate start is harmless. */
export function ticketWorkflowId(ticketNumber: string): string {
  return `ticket-${ticketNumber}`;
}

/** What the ticket API hands to the lifecycle workflow when the ticket is accepted. */
export interface TicketSnapshot {
  number: string;
  subject: string;
  priority: Priority;
  department: string;
  category: string;
  requesterId: string;
  system: string;
  createdAt: string;
}

export const TICKET_EVENT_TYPES = [
  'created',
  'routed',
  'unrouted',
  'status_changed',
  'assigned',
  'transferred',
  'escalated',
  'sla_warning',
  'sla_breached',
  'priority_changed',
  'override',
  'comment_failed',
  'closed',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/**
 * Body of POST /internal/v1/tickets/:number/events (service scope tickets:write): the lifecycle
 * tells the ticket API what happened. `eventKey` makes it idempotent: the same key twice is one
 * history row. Present fields update the ticket row; history keeps the whole event.
 */
export interface TicketEvent {
  eventKey: string;
  type: TicketEventType;
  occurredAt: string;
  actor: { kind: 'system' | 'user'; id?: string };
  status?: TicketStatus;
  priority?: Priority;
  assigneeId?: string | null;
  assignedRole?: string | null;
  slaDeadline?: string | null;
  slaBreached?: boolean;
  details?: Record<string, string | number | boolean | null>;
}
