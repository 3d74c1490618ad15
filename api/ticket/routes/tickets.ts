import type { RouteDoc } from '../../shared/http/openapi';
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../domain/errors';
import {
  CLOSED_STATUSES,
  PRIORITIES,
  SATISFACTION_RATINGS,
  TICKET_STATUSES,
} from '../../../domain/tickets';
import { principalOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM, isStaff, type Principal } from '../../shared/auth/principal';
import { multipart, uploadedFiles } from '../../shared/http/multipart';
import { parseInput } from '../../shared/http/validate';
import { checkFiles, type MediaStore } from '../../shared/media/mediaStore';
import { historyOf } from '../events';
import { acceptTicket } from '../intake';
import { listTickets } from '../queries';
import { ticketStats } from '../stats';
import { reopenTicket, type Reopener } from '../reopen';
import { rateTicket, recentRatings, satisfactionOf } from '../satisfaction';
import { attachmentsOf, findTicket, historyKey, toTicketView, type TicketRow } from '../tickets';
import type { WorkflowStartRelay } from '../workflowStarts';
import { queryDate, serialId, ticketNumber } from '../../shared/http/params';
import { sendDownload } from '../../shared/http/download';

const text = (max: number) => z.string().trim().min(1).max(max);

const createSchema = z.object({
  subject: text(300),
  description: text(20_000),
  priority: z.enum(PRIORITIES),
  department: text(200),
  category: text(200),
  subCategory: text(200).optional(),
  system: z.enum(['tts', 'hdts']).default(DEFAULT_SYSTEM),
  clientReference: text(200).optional(),
  requester: z.object({ id: text(64) }).optional(),
});
const listSchema = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  department: text(200).optional(),
  category: text(200).optional(),
  assignee: text(64).optional(),
  requester: text(64).optional(),
  createdFrom: queryDate().optional(),
  createdTo: queryDate().optional(),
  q: text(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});
const idSchema = z.object({
  id: ticketNumber,
});
const attachmentSchema = idSchema.extend({
  attachmentId: serialId('an attachment id'),
});
const patchSchema = z
  .object({
    subject: text(300).optional(),
    description: text(20_000).optional(),
    department: text(200).optional(),
    category: text(200).optional(),
  })
  .strict();
const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII only');
const statsSchema = z.object({ createdFrom: queryDate().optional() });
const reopenSchema = z.object({ reason: text(2000).optional() }).strict();
const satisfactionSchema = z
  .object({ rating: z.enum(SATISFACTION_RATINGS), comment: text(2000).optional() })
  .strict();
const ratingsSchema = z.object({
  rating: z.enum(SATISFACTION_RATINGS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
const idempotencyHeaders = z.object({ 'idempotency-key': idempotencyKeySchema.optional() });

function canSee(principal: Principal, ticket: TicketRow): boolean {
  return (
    principal.kind === 'service' ||
    isStaff(principal, DEFAULT_SYSTEM) ||
    principal.userId === ticket.requester_id
  );
}

/** The ticket a caller may see; others' tickets are 404 to requesters (no existence leak). */
async function visibleTicket(db: Knex, req: Request): Promise<TicketRow> {
  const { id } = parseInput(idSchema, req.params, 'params');
  const ticket = await findTicket(db, id);
  if (!canSee(principalOf(req), ticket)) throw new NotFoundError(`no ticket ${id}`, 'id');
  return ticket;
}

export interface TicketRouteDeps {
  db: Knex;
  media: MediaStore;
  relay: WorkflowStartRelay;
  maxAttachmentBytes: number;
  numberPrefix: string;
  lifecycles: Reopener;
}

/** Intake, lists, detail, requester edits, attachments, history, reopen and satisfaction. */
export function ticketRoutes({
  db,
  media,
  relay,
  maxAttachmentBytes,
  numberPrefix,
  lifecycles,
}: TicketRouteDeps): Router {
  const router = Router();

  router.post('/api/v1/tickets', multipart(maxAttachmentBytes), async (req, res) => {
    const principal = principalOf(req);
    const body = parseInput(createSchema, req.body ?? {}, 'body');
    let requesterId: string;
    if (principal.kind === 'service') {
      if (!principal.scopes.includes('tickets:write'))
        throw new ForbiddenError('requires service scope tickets:write', 'authorization');
      if (!body.requester)
        throw new ValidationError('service intake must name the requester', 'body.requester');
      requesterId = body.requester.id;
    } else {
      if (body.requester)
        throw new ValidationError('the requester comes from your token', 'body.requester');
      requesterId = principal.userId;
    }
    const idempotencyKey =
      parseInput(idempotencyHeaders, req.headers, 'headers')['idempotency-key'] ??
      body.clientReference;
    const files = uploadedFiles(req);
    checkFiles(files, maxAttachmentBytes);
    const stored = await Promise.all(files.map((file) => media.save(file)));
    const { ticket, created } = await acceptTicket(
      db,
      {
        subject: body.subject,
        description: body.description,
        priority: body.priority,
        department: body.department,
        category: body.category,
        ...(body.subCategory ? { subCategory: body.subCategory } : {}),
        system: body.system,
        requesterId,
      },
      stored,
      idempotencyKey,
      numberPrefix,
    );
    if (created) relay.wake();
    const view = { ...toTicketView(ticket), attachments: await attachmentsOf(db, ticket.id) };
    res.status(created ? 201 : 200).json({ ticket: view, workflowId: view.workflowId });
  });

  router.get('/api/v1/tickets', async (req, res) => {
    const query = parseInput(listSchema, req.query, 'query');
    const principal = principalOf(req);
    const ownOnly = principal.kind === 'user' && !isStaff(principal, DEFAULT_SYSTEM);
    if (ownOnly && query.requester && query.requester !== principal.userId) {
      throw new ForbiddenError('requesters see only their own tickets', 'query.requester');
    }
    res.json(
      await listTickets(db, {
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(query.priority ? { priority: query.priority } : {}),
        ...(query.department ? { department: query.department } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.assignee ? { assigneeId: query.assignee } : {}),
        ...(ownOnly
          ? { requesterId: principal.userId }
          : query.requester
            ? { requesterId: query.requester }
            : {}),
        ...(query.createdFrom ? { createdFrom: query.createdFrom } : {}),
        ...(query.createdTo ? { createdTo: query.createdTo } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }),
    );
  });

  router.get('/api/v1/tickets/stats', async (req, res) => {
    if (!isStaff(principalOf(req), DEFAULT_SYSTEM)) {
      throw new ForbiddenError('the dashboard is for staff', 'authorization');
    }
    const { createdFrom } = parseInput(statsSchema, req.query, 'query');
    res.json(await ticketStats(db, createdFrom));
  });

  router.get('/api/v1/tickets/satisfaction', async (req, res) => {
    if (!isStaff(principalOf(req), DEFAULT_SYSTEM)) {
      throw new ForbiddenError('satisfaction ratings are for staff', 'authorization');
    }
    const query = parseInput(ratingsSchema, req.query, 'query');
    res.json(await recentRatings(db, query));
  });

  router.get('/api/v1/tickets/:id', async (req, res) => {
    const ticket = await visibleTicket(db, req);
    const [attachments, satisfaction] = await Promise.all([
      attachmentsOf(db, ticket.id),
      satisfactionOf(db, ticket.id),
    ]);
    res.json({ ...toTicketView(ticket), attachments, satisfaction });
  });

  router.post('/api/v1/tickets/:id/reopen', async (req, res) => {
    const body = parseInput(reopenSchema, req.body ?? {}, 'body');
    const key = parseInput(idempotencyHeaders, req.headers, 'headers')['idempotency-key'];
    const ticket = await visibleTicket(db, req);
    const reopened = await reopenTicket(db, lifecycles, ticket, principalOf(req), {
      reason: body.reason,
      key,
    });
    res.json({ ticket: toTicketView(reopened) });
  });

  router.put('/api/v1/tickets/:id/satisfaction', async (req, res) => {
    const body = parseInput(satisfactionSchema, req.body ?? {}, 'body');
    const ticket = await visibleTicket(db, req);
    res.json({ satisfaction: await rateTicket(db, ticket, principalOf(req), body) });
  });

  router.patch('/api/v1/tickets/:id', async (req, res) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    for (const owned of ['status', 'priority'] as const) {
      if (owned in raw) {
        throw new ValidationError(
          owned === 'status'
            ? 'status is owned by the ticket workflow: act on the task instead'
            : 'priority changes are admin overrides on the workflow (POST /api/v1/tickets/:number/overrides)',
          `body.${owned}`,
        );
      }
    }
    const body = parseInput(patchSchema, raw, 'body');
    const ticket = await visibleTicket(db, req);
    const principal = principalOf(req);
    const staff = isStaff(principal, DEFAULT_SYSTEM);
    if (!staff && (body.department !== undefined || body.category !== undefined)) {
      throw new ForbiddenError(
        'only staff may change department or category',
        body.department !== undefined ? 'body.department' : 'body.category',
      );
    }
    if (CLOSED_STATUSES.includes(ticket.status))
      throw new ConflictError(`ticket ${ticket.number} is ${ticket.status}`, 'status');
    const changes = Object.fromEntries(
      Object.entries({
        subject: body.subject,
        description: body.description,
        department: body.department,
        category: body.category,
      }).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(changes).length === 0) throw new ValidationError('nothing to change', 'body');
    await db.transaction(async (trx) => {
      await trx('tickets')
        .where({ id: ticket.id })
        .update({ ...changes, updated_at: trx.fn.now() });
      await trx('ticket_history').insert({
        ticket_id: ticket.id,
        event_key: historyKey('edit', ticket.id),
        type: 'updated',
        actor_kind: 'user',
        actor_id: principal.kind === 'user' ? principal.userId : null,
        from_status: ticket.status,
        to_status: ticket.status,
        details: JSON.stringify({ fields: Object.keys(changes) }),
        occurred_at: trx.fn.now(),
      });
    });
    res.json(toTicketView(await findTicket(db, ticket.number)));
  });

  router.get('/api/v1/tickets/:id/history', async (req, res) => {
    const ticket = await visibleTicket(db, req);
    const principal = principalOf(req);
    const audience =
      principal.kind === 'service' || isStaff(principal, DEFAULT_SYSTEM) ? 'staff' : 'requester';
    res.json({ items: await historyOf(db, ticket.id, audience) });
  });

  router.get('/api/v1/tickets/:id/attachments/:attachmentId', async (req, res, next) => {
    const { attachmentId } = parseInput(attachmentSchema, req.params, 'params');
    const ticket = await visibleTicket(db, req);
    const attachment = (await attachmentsOf(db, ticket.id)).find((a) => a.id === attachmentId);
    if (!attachment)
      throw new NotFoundError(
        `no attachment ${attachmentId} on ticket ${ticket.number}`,
        'attachmentId',
      );
    sendDownload(res, { ...attachment, path: media.pathOf(attachment.sha256) }, next);
  });

  return router;
}

export const ticketRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/tickets/stats',
    summary:
      'Dashboard: open by status and priority, SLA breach rate, median first response and resolution',
    access: 'staff',
    query: statsSchema,
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/tickets',
    summary: 'File a ticket (Idempotency-Key: same key and body → same ticket)',
    access: 'user',
    body: createSchema,
    multipart: true,
    ok: 201,
    errors: [409],
  },
  {
    method: 'get',
    path: '/api/v1/tickets',
    summary: 'Tickets with filters, newest first (keyset pages)',
    access: 'user',
    query: listSchema,
    ok: 200,
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:id',
    summary: 'One ticket with its attachments',
    access: 'user',
    params: idSchema,
    ok: 200,
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/tickets/:id',
    summary: 'Edit a ticket (requesters: their own open ones)',
    access: 'user',
    params: idSchema,
    body: patchSchema,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/tickets/satisfaction',
    summary: 'Latest satisfaction ratings with their comments, newest first (keyset pages)',
    access: 'staff',
    query: ratingsSchema,
    ok: 200,
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:id/reopen',
    summary:
      'Reopen a resolved ticket within its window (its requester or staff): back on its last step',
    access: 'user',
    params: idSchema,
    body: reopenSchema,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'put',
    path: '/api/v1/tickets/:id/satisfaction',
    summary: 'The requester rates their resolved ticket: good or bad, with a comment',
    access: 'user',
    params: idSchema,
    body: satisfactionSchema,
    ok: 200,
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:id/history',
    summary: 'Every status change, assignment, override and SLA event',
    access: 'user',
    params: idSchema,
    ok: 200,
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:id/attachments/:attachmentId',
    summary: 'Download an attachment',
    access: 'user',
    params: attachmentSchema,
    ok: 200,
    errors: [404],
  },
];
