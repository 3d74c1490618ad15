import { currentRequestId } from '../../infra/context/requestId';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError } from '../../domain/errors';
import { ticketWorkflowId, type Priority, type TicketSnapshot } from '../../domain/tickets';
import type { StoredFile } from '../shared/media/mediaStore';
import { addToRollup, intakeBumps } from './rollup';
import { TICKET_COLUMNS, type TicketRow } from './tickets';

export interface NewTicket {
  subject: string;
  description: string;
  priority: Priority;
  department: string;
  category: string;
  subCategory?: string;
  system: string;
  requesterId: string;
}

export interface IntakeResult {
  ticket: TicketRow;
  created: boolean;
}

const UNIQUE_VIOLATION = '23505';

function requestHash(input: NewTicket, files: StoredFile[]): string {
  const canonical = JSON.stringify([
    input.subject,
    input.description,
    input.priority,
    input.department,
    input.category,
    input.subCategory ?? null,
    input.system,
    input.requesterId,
    files.map((file) => [file.filename, file.sha256]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** <prefix>-<yyyymmdd>-<6-digit sequence>, e.g. TX-20261125-000123: the original's shape. */
async function nextTicketNumber(trx: Knex.Transaction, prefix: string): Promise<string> {
  const { rows } = await trx.raw<{ rows: { seq: string; day: string }[] }>(
    "select nextval('ticket_number_seq') as seq, to_char(now() at time zone 'utc', 'YYYYMMDD') as day",
  );
  const row = rows[0] as { seq: string; day: string };
  return `${prefix}-${row.day}-${String(row.seq).padStart(6, '0')}`;
}

function snapshotOf(row: TicketRow): TicketSnapshot {
  return {
    number: row.number,
    subject: row.subject,
    priority: row.priority,
    department: row.department,
    category: row.category,
    requesterId: row.requester_id,
    system: row.system,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Accepts a ticket exactly once per requester and idempotency key: the ticket, its attachments, its first
 * history event and the workflow-start outbox row are written in one transaction. The same key
 * with the same request returns the stored ticket; with a different request it is a conflict.
 */
export async function acceptTicket(
  db: Knex,
  input: NewTicket,
  files: StoredFile[],
  idempotencyKey: string | undefined,
  numberPrefix: string,
): Promise<IntakeResult> {
  const hash = requestHash(input, files);
  const replay = async (): Promise<IntakeResult | null> => {
    if (!idempotencyKey) return null;
    const existing = await db('tickets')
      .where({ requester_id: input.requesterId, idempotency_key: idempotencyKey })
      .first<TicketRow | undefined>(TICKET_COLUMNS);
    if (!existing) return null;
    if (existing.request_hash !== hash) {
      throw new ConflictError(
        'this Idempotency-Key was used for a different request',
        'Idempotency-Key',
      );
    }
    return { ticket: existing, created: false };
  };

  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const ticket = await db.transaction(async (trx) => {
      const number = await nextTicketNumber(trx, numberPrefix);
      const [row] = await trx('tickets')
        .insert({
          number,
          subject: input.subject,
          description: input.description,
          priority: input.priority,
          department: input.department,
          category: input.category,
          sub_category: input.subCategory ?? null,
          system: input.system,
          status: 'new',
          requester_id: input.requesterId,
          idempotency_key: idempotencyKey ?? null,
          request_hash: hash,
        })
        .returning<TicketRow[]>(TICKET_COLUMNS);
      const ticketRow = row as TicketRow;
      if (files.length > 0) {
        await trx('attachments').insert(
          files.map((file) => ({
            ticket_id: ticketRow.id,
            filename: file.filename,
            content_type: file.contentType,
            size_bytes: file.sizeBytes,
            sha256: file.sha256,
            uploaded_by: input.requesterId,
          })),
        );
      }
      await trx('ticket_history').insert({
        ticket_id: ticketRow.id,
        event_key: `intake:${number}`,
        type: 'created',
        actor_kind: 'user',
        actor_id: input.requesterId,
        to_status: 'new',
        details: JSON.stringify({ attachments: files.length }),
        occurred_at: ticketRow.created_at,
      });
      await trx('workflow_start_outbox').insert({
        ticket_id: ticketRow.id,
        workflow_id: ticketWorkflowId(number),
        payload: JSON.stringify(snapshotOf(ticketRow)),
        request_id: currentRequestId() ?? null,
      });
      await addToRollup(trx, intakeBumps(ticketRow.created_at));
      return ticketRow;
    });
    return { ticket, created: true };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === UNIQUE_VIOLATION && idempotencyKey) {
      const concurrent = await replay();
      if (concurrent) return concurrent;
    }
    throw error;
  }
}
