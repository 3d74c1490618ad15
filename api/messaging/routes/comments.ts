import type { RouteDoc } from '../../shared/http/openapi';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../../shared/auth/middleware';
import { multipart, uploadedFiles } from '../../shared/http/multipart';
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
export function commentRoutes(comments: CommentService, maxAttachmentBytes: number): Router {
  const router = Router();
  router.get('/api/v1/tickets/:id/comments', async (req, res) => {
    const { id } = parseInput(ticketParams, req.params, 'params');
    const query = parseInput(listQuery, req.query, 'query');
    res.json(
      await comments.list(principalOf(req), id, {
        limit: query.limit,
        ...(query.after ? { after: query.after } : {}),
      }),
    );
  });
  router.post('/api/v1/tickets/:id/comments', multipart(maxAttachmentBytes), async (req, res) => {
    const { id } = parseInput(ticketParams, req.params, 'params');
    const input = parseInput(postSchema, req.body, 'body');
    const key = parseInput(idempotencyHeaders, req.headers, 'headers')['idempotency-key'];
    const { comment, created } = await comments.post(principalOf(req), id, {
      body: input.body,
      internal: input.internal,
      files: uploadedFiles(req),
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
      ...(key ? { key } : {}),
    });
    res.status(created ? 201 : 200).json({ comment });
  });
  router.patch('/api/v1/tickets/:id/comments/:commentId', async (req, res) => {
    const params = parseInput(commentParams, req.params, 'params');
    const input = parseInput(editSchema, req.body, 'body');
    res.json({
      comment: await comments.edit(principalOf(req), params.id, params.commentId, input.body),
    });
  });
  router.delete('/api/v1/tickets/:id/comments/:commentId', async (req, res) => {
    const params = parseInput(commentParams, req.params, 'params');
    res.json({ comment: await comments.remove(principalOf(req), params.id, params.commentId) });
  });
  router.put('/api/v1/tickets/:id/comments/:commentId/rating', async (req, res) => {
    const params = parseInput(commentParams, req.params, 'params');
    const input = parseInput(ratingSchema, req.body, 'body');
    res.json({
      comment: await comments.rate(principalOf(req), params.id, params.commentId, input.rating),
    });
  });
  router.get('/api/v1/tickets/:id/comments/:commentId/history', async (req, res) => {
    const params = parseInput(commentParams, req.params, 'params');
    res.json({
      items: await comments.history(principalOf(req), params.id, params.commentId),
    });
  });
  router.get(
    '/api/v1/tickets/:id/comments/:commentId/attachments/:attachmentId',
    async (req, res, next) => {
      const params = parseInput(attachmentParams, req.params, 'params');
      const file = await comments.attachment(
        principalOf(req),
        params.id,
        params.commentId,
        params.attachmentId,
      );
      sendDownload(res, file, next);
    },
  );
  return router;
}

export const commentRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/tickets/:id/comments',
    summary: 'Comments oldest first (internal notes for staff only)',
    access: 'user',
    params: ticketParams,
    query: listQuery,
    ok: 200,
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:id/comments',
    summary: 'Post a comment or reply, with attachments (Idempotency-Key)',
    access: 'user',
    params: ticketParams,
    body: postSchema,
    multipart: true,
    ok: 201,
    errors: [404, 409],
  },
  {
    method: 'patch',
    path: '/api/v1/tickets/:id/comments/:commentId',
    summary: 'Edit (author or admin; history kept)',
    access: 'user',
    params: commentParams,
    body: editSchema,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/tickets/:id/comments/:commentId',
    summary: 'Delete (author or admin; history kept)',
    access: 'user',
    params: commentParams,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'put',
    path: '/api/v1/tickets/:id/comments/:commentId/rating',
    summary: 'Rate a comment 1–5',
    access: 'user',
    params: commentParams,
    body: ratingSchema,
    ok: 200,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:id/comments/:commentId/history',
    summary: 'Edit and delete history',
    access: 'user',
    params: commentParams,
    ok: 200,
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:id/comments/:commentId/attachments/:attachmentId',
    summary: 'Download a comment attachment',
    access: 'user',
    params: attachmentParams,
    ok: 200,
    errors: [404],
  },
];
