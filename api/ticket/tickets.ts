import type { Knex } from 'knex';
import { NotFoundError } from '../../domain/errors';
import {
  ticketWorkflowId,
  type Priority,
  type SatisfactionRating,
  type TicketStatus,
} from '../../domain/tickets';
import { DEFAULT_SYSTEM, isStaff, type Principal } from '../shared/auth/principal';

export interface TicketRow {
  id: string;
  number: string;
  subject: string;
  description: string;
  priority: Priority;
  department: string;
  category: string;
  sub_category: string | null;
  system: string;
  status: TicketStatus;
  requester_id: string;
  assignee_id: string | null;
  assigned_role: string | null;
  sla_deadline: Date | null;
  sla_breached: boolean;
  idempotency_key: string | null;
  request_hash: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  resolved_at: Date | null;
  reopen_until: Date | null;
}

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export interface TicketView {
  id: string;
  number: string;
  subject: string;
  description: string;
  priority: Priority;
  department: string;
  category: string;
  subCategory: string | null;
  system: string;
  status: TicketStatus;
  requesterId: string;
  assigneeId: string | null;
  assignedRole: string | null;
  slaDeadline: string | null;
  slaBreached: boolean;
  workflowId: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** When it was last resolved (kept once it closes after its reopen window). */
  resolvedAt: string | null;
  /** A resolved ticket's reopen window: its requester may reopen it (or reply) until then. */
  reopenUntil: string | null;
  attachments?: AttachmentView[];
  /** Detail only: the requester's rating of the resolved ticket, if given. */
  satisfaction?: SatisfactionView | null;
}

export interface SatisfactionView {
  rating: SatisfactionRating;
  comment: string | null;
  ratedAt: string;
}

export const TICKET_COLUMNS = [
  'id',
  'number',
  'subject',
  'description',
  'priority',
  'department',
  'category',
  'sub_category',
  'system',
  'status',
  'requester_id',
  'assignee_id',
  'assigned_role',
  'sla_deadline',
  'sla_breached',
  'idempotency_key',
  'request_hash',
  'created_at',
  'updated_at',
  'closed_at',
  'resolved_at',
  'reopen_until',
];

export function toTicketView(row: TicketRow): TicketView {
  return {
    id: String(row.id),
    number: row.number,
    subject: row.subject,
    description: row.description,
    priority: row.priority,
    department: row.department,
    category: row.category,
    subCategory: row.sub_category,
    system: row.system,
    status: row.status,
    requesterId: row.requester_id,
    assigneeId: row.assignee_id,
    assignedRole: row.assigned_role,
    slaDeadline: row.sla_deadline?.toISOString() ?? null,
    slaBreached: row.sla_breached,
    workflowId: ticketWorkflowId(row.number),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    reopenUntil: row.reopen_until?.toISOString() ?? null,
  };
}

/** A unique key for a history entry the ticket API writes itself (edits, ratings). */
export function historyKey(prefix: string, ticketId: string): string {
  return `${prefix}:${ticketId}:${Date.now()}:${Math.random().toString(36).slice(2)}`;
}

export async function findTicket(db: Knex, number: string): Promise<TicketRow> {
  const row = await db('tickets').where({ number }).first<TicketRow | undefined>(TICKET_COLUMNS);
  if (!row) throw new NotFoundError(`no ticket ${number}`, 'id');
  return row;
}

/** The ticket a caller may see; others' tickets are 404 to requesters (no existence leak). */
export async function visibleTicket(
  db: Knex,
  principal: Principal,
  number: string,
): Promise<TicketRow> {
  const ticket = await findTicket(db, number);
  const sees =
    principal.kind === 'service' ||
    isStaff(principal, DEFAULT_SYSTEM) ||
    principal.userId === ticket.requester_id;
  if (!sees) throw new NotFoundError(`no ticket ${number}`, 'id');
  return ticket;
}

export async function attachmentsOf(db: Knex, ticketId: string): Promise<AttachmentView[]> {
  const rows = await db('attachments').where({ ticket_id: ticketId }).orderBy('id');
  return rows.map((row: Record<string, unknown>) => ({
    id: String(row.id),
    filename: String(row.filename),
    contentType: String(row.content_type),
    sizeBytes: Number(row.size_bytes),
    sha256: String(row.sha256),
  }));
}
