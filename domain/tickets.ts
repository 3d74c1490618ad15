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

/**
 * Statuses a ticket never leaves: it takes no new comments (409) and cannot be reopened. A
 * resolved ticket is not among them while its reopen window runs: its requester's reply reopens it.
 */
export const FINAL_STATUSES: readonly TicketStatus[] = ['closed', 'cancelled'];

/** A requester's verdict on a resolved ticket (customer satisfaction, as Zendesk asks it). */
export const SATISFACTION_RATINGS = ['good', 'bad'] as const;
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];

/** How a resolved ticket came back: its requester asked (`request`), replied (`reply`) or staff reopened it. */
export const REOPEN_VIAS = ['request', 'reply', 'staff'] as const;
export type ReopenVia = (typeof REOPEN_VIAS)[number];

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
  'override_refused',
  'comment_failed',
  'closed',
  'reopened',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/**
 * What a requester may see of a ticket's history, per entry type: the detail fields listed
 * (everything else — transfer notes, hold and override reasons, definition keys, failed system
 * comments — is staff-only). Types not listed here are not shown to requesters at all.
 * `created`, `updated` and `satisfaction_rated` are the ticket API's own entries (intake,
 * requester edits, the requester's rating).
 */
const REQUESTER_DETAILS: Readonly<Record<string, readonly string[]>> = {
  created: [],
  updated: ['fields'],
  status_changed: ['action'],
  assigned: [],
  transferred: [],
  escalated: [],
  priority_changed: ['from', 'to'],
  override: ['action'],
  closed: ['outcome'],
  reopened: ['via'],
  satisfaction_rated: ['rating'],
};

/** Whether a requester sees history entries (and live events) of this type. */
export function requesterSeesEvent(type: string): boolean {
  return Object.hasOwn(REQUESTER_DETAILS, type);
}

/** The detail fields of an entry a requester may see (call only for types they see). */
export function requesterDetails(
  type: string,
  details: Record<string, unknown>,
): Record<string, unknown> {
  const allowed = REQUESTER_DETAILS[type] ?? [];
  return Object.fromEntries(Object.entries(details).filter(([key]) => allowed.includes(key)));
}

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
  /** The name of the step the ticket is on (the dashboard's SLA compliance by step). */
  step?: string | null;
  slaDeadline?: string | null;
  slaBreached?: boolean;
  /** Until when the requester may reopen the resolved ticket; null once reopened or closed. */
  reopenUntil?: string | null;
  details?: Record<string, string | number | boolean | null>;
}
