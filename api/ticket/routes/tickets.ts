import type { Knex } from 'knex';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../domain/errors';
import { PRIORITIES, SATISFACTION_RATINGS, TICKET_STATUSES } from '../../../domain/tickets';
import { principalOf } from '../../shared/auth/middleware';
import { DEFAULT_SYSTEM, isStaff } from '../../shared/auth/principal';
import { sendDownload } from '../../shared/http/download';
import { multipart, uploadedFiles } from '../../shared/http/multipart';
import { queryDate, serialId, ticketNumber } from '../../shared/http/params';
import { reply, route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { parseInput } from '../../shared/http/validate';
import { checkFiles, type MediaStore } from '../../shared/media/mediaStore';
import { editTicket, refuseWorkflowFields } from '../edits';
import { historyOf } from '../events';
import { acceptTicket } from '../intake';
import { listTickets } from '../queries';
import { reopenTicket, type Reopener } from '../reopen';
import { rateTicket, recentRatings, satisfactionOf } from '../satisfaction';
import { ticketStats } from '../stats';
import { attachmentsOf, toTicketView, visibleTicket } from '../tickets';
import type { WorkflowStartRelay } from '../workflowStarts';

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

const idempotencyKeyOf = (headers: unknown): string | undefined =>
  parseInput(idempotencyHeaders, headers, 'headers')['idempotency-key'];

function requireStaffFor(principal: ReturnType<typeof principalOf>, what: string): void {
  if (!isStaff(principal, DEFAULT_SYSTEM)) throw new ForbiddenError(what, 'authorization');
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
}: TicketRouteDeps): RouteTable {
  return routeTable([
    route({
      method: 'get',
      path: '/api/v1/tickets/stats',
      summary:
        'Dashboard: open by status and priority, SLA breach rate, median first response and resolution',
      access: 'staff',
      query: statsSchema,
      ok: 200,
      handle: ({ query, req }) => {
        requireStaffFor(principalOf(req), 'the dashboard is for staff');
        return ticketStats(db, query.createdFrom);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/tickets',
      summary: 'File a ticket (Idempotency-Key: same key and body → same ticket)',
      access: 'user',
      body: createSchema,
      multipart: true,
      ok: 201,
      errors: [409],
      before: [multipart(maxAttachmentBytes)],
      handle: async ({ body, req }) => {
        const principal = principalOf(req);
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
        const idempotencyKey = idempotencyKeyOf(req.headers) ?? body.clientReference;
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
        return reply(created ? 201 : 200, { ticket: view, workflowId: view.workflowId });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets',
      summary: 'Tickets with filters, newest first (keyset pages)',
      access: 'user',
      query: listSchema,
      ok: 200,
      handle: ({ query, req }) => {
        const principal = principalOf(req);
        const ownOnly = principal.kind === 'user' && !isStaff(principal, DEFAULT_SYSTEM);
        if (ownOnly && query.requester && query.requester !== principal.userId) {
          throw new ForbiddenError('requesters see only their own tickets', 'query.requester');
        }
        return listTickets(db, {
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
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/satisfaction',
      summary: 'Latest satisfaction ratings with their comments, newest first (keyset pages)',
      access: 'staff',
      query: ratingsSchema,
      ok: 200,
      handle: ({ query, req }) => {
        requireStaffFor(principalOf(req), 'satisfaction ratings are for staff');
        return recentRatings(db, query);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/:id',
      summary: 'One ticket with its attachments',
      access: 'user',
      params: idSchema,
      ok: 200,
      errors: [404],
      handle: async ({ params, req }) => {
        const ticket = await visibleTicket(db, principalOf(req), params.id);
        const [attachments, satisfaction] = await Promise.all([
          attachmentsOf(db, ticket.id),
          satisfactionOf(db, ticket.id),
        ]);
        return { ...toTicketView(ticket), attachments, satisfaction };
      },
    }),
    route({
      method: 'patch',
      path: '/api/v1/tickets/:id',
      summary: 'Edit a ticket (requesters: their own open ones)',
      access: 'user',
      params: idSchema,
      body: patchSchema,
      ok: 200,
      errors: [404, 409],
      before: [
        (req, _res, next) => {
          refuseWorkflowFields(req.body);
          next();
        },
      ],
      handle: async ({ params, body, req }) => {
        const principal = principalOf(req);
        const ticket = await visibleTicket(db, principal, params.id);
        return toTicketView(await editTicket(db, ticket, principal, body));
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/tickets/:id/reopen',
      summary:
        'Reopen a resolved ticket within its window (its requester or staff): back on its last step',
      access: 'user',
      params: idSchema,
      body: reopenSchema,
      ok: 200,
      errors: [404, 409],
      handle: async ({ params, body, req }) => {
        const key = idempotencyKeyOf(req.headers);
        const principal = principalOf(req);
        const ticket = await visibleTicket(db, principal, params.id);
        const reopened = await reopenTicket(db, lifecycles, ticket, principal, {
          reason: body.reason,
          key,
        });
        return { ticket: toTicketView(reopened) };
      },
    }),
    route({
      method: 'put',
      path: '/api/v1/tickets/:id/satisfaction',
      summary: 'The requester rates their resolved ticket: good or bad, with a comment',
      access: 'user',
      params: idSchema,
      body: satisfactionSchema,
      ok: 200,
      errors: [403, 404, 409],
      handle: async ({ params, body, req }) => {
        const principal = principalOf(req);
        const ticket = await visibleTicket(db, principal, params.id);
        return { satisfaction: await rateTicket(db, ticket, principal, body) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/:id/history',
      summary: 'Every status change, assignment, override and SLA event',
      access: 'user',
      params: idSchema,
      ok: 200,
      errors: [404],
      handle: async ({ params, req }) => {
        const principal = principalOf(req);
        const ticket = await visibleTicket(db, principal, params.id);
        const audience =
          principal.kind === 'service' || isStaff(principal, DEFAULT_SYSTEM)
            ? 'staff'
            : 'requester';
        return { items: await historyOf(db, ticket.id, audience) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/:id/attachments/:attachmentId',
      summary: 'Download an attachment',
      access: 'user',
      params: attachmentSchema,
      ok: 200,
      errors: [404],
      handle: async ({ params, req, res }) => {
        const ticket = await visibleTicket(db, principalOf(req), params.id);
        const attachment = (await attachmentsOf(db, ticket.id)).find(
          (a) => a.id === params.attachmentId,
        );
        if (!attachment)
          throw new NotFoundError(
            `no attachment ${params.attachmentId} on ticket ${ticket.number}`,
            'attachmentId',
          );
        await sendDownload(res, { ...attachment, path: media.pathOf(attachment.sha256) });
      },
    }),
  ]);
}
