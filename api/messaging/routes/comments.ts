import { z } from 'zod';
import { principalOf } from '../../shared/auth/middleware';
import { multipart, uploadedFiles } from '../../shared/http/multipart';
import { reply, route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { parseInput } from '../../shared/http/validate';
import type { CommentService } from '../commentService';
import { serialId, ticketNumber } from '../../shared/http/params';
import { sendDownload } from '../../shared/http/download';

const ticketParams = z.object({
  id: ticketNumber,
});
const commentId = serialId('a comment id');
const commentParams = ticketParams.extend({ commentId });
const attachmentParams = commentParams.extend({
  attachmentId: serialId('an attachment id'),
});
const listQuery = z.object({
  after: commentId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const body = z.string().trim().min(1).max(20_000);
const postSchema = z.object({
  body,
  replyTo: commentId.optional(),
  internal: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(false),
});
const editSchema = z.object({ body });
const ratingSchema = z.object({ rating: z.number().int().min(1).max(5) });
const idempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(1).max(200).optional(),
});

/** Comments of a ticket over REST: list, post (JSON or multipart), edit, delete, history, files. */
export function commentRoutes(comments: CommentService, maxAttachmentBytes: number): RouteTable {
  return routeTable([
    route({
      method: 'get',
      path: '/api/v1/tickets/:id/comments',
      summary: 'Comments oldest first (internal notes for staff only)',
      access: 'user',
      params: ticketParams,
      query: listQuery,
      ok: 200,
      errors: [404],
      handle: ({ params, query, req }) =>
        comments.list(principalOf(req), params.id, {
          limit: query.limit,
          ...(query.after ? { after: query.after } : {}),
        }),
    }),
    route({
      method: 'post',
      path: '/api/v1/tickets/:id/comments',
      summary: 'Post a comment or reply, with attachments (Idempotency-Key)',
      access: 'user',
      params: ticketParams,
      body: postSchema,
      multipart: true,
      ok: 201,
      errors: [404, 409],
      before: [multipart(maxAttachmentBytes)],
      handle: async ({ params, body: input, req }) => {
        const key = parseInput(idempotencyHeaders, req.headers, 'headers')['idempotency-key'];
        const { comment, created } = await comments.post(principalOf(req), params.id, {
          body: input.body,
          internal: input.internal,
          files: uploadedFiles(req),
          ...(input.replyTo ? { replyTo: input.replyTo } : {}),
          ...(key ? { key } : {}),
        });
        return reply(created ? 201 : 200, { comment });
      },
    }),
    route({
      method: 'patch',
      path: '/api/v1/tickets/:id/comments/:commentId',
      summary: 'Edit (author or admin; history kept)',
      access: 'user',
      params: commentParams,
      body: editSchema,
      ok: 200,
      errors: [404, 409],
      handle: async ({ params, body: input, req }) => ({
        comment: await comments.edit(principalOf(req), params.id, params.commentId, input.body),
      }),
    }),
    route({
      method: 'delete',
      path: '/api/v1/tickets/:id/comments/:commentId',
      summary: 'Delete (author or admin; history kept)',
      access: 'user',
      params: commentParams,
      ok: 200,
      errors: [404, 409],
      handle: async ({ params, req }) => ({
        comment: await comments.remove(principalOf(req), params.id, params.commentId),
      }),
    }),
    route({
      method: 'put',
      path: '/api/v1/tickets/:id/comments/:commentId/rating',
      summary: 'Rate a comment 1–5',
      access: 'user',
      params: commentParams,
      body: ratingSchema,
      ok: 200,
      errors: [404, 409],
      handle: async ({ params, body: input, req }) => ({
        comment: await comments.rate(principalOf(req), params.id, params.commentId, input.rating),
      }),
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/:id/comments/:commentId/history',
      summary: 'Edit and delete history',
      access: 'user',
      params: commentParams,
      ok: 200,
      errors: [404],
      handle: async ({ params, req }) => ({
        items: await comments.history(principalOf(req), params.id, params.commentId),
      }),
    }),
    route({
      method: 'get',
      path: '/api/v1/tickets/:id/comments/:commentId/attachments/:attachmentId',
      summary: 'Download a comment attachment',
      access: 'user',
      params: attachmentParams,
      ok: 200,
      errors: [404],
      handle: async ({ params, req, res }) => {
        const file = await comments.attachment(
          principalOf(req),
          params.id,
          params.commentId,
          params.attachmentId,
        );
        await sendDownload(res, file);
      },
    }),
  ]);
}
