import type { Knex } from 'knex';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors';
import { sha256Of, type StoredFile } from '../shared/media/mediaStore';
import type { Comment, CommentAttachment, CommentRevision, MessagingModels } from './models';

export interface CommentAuthor {
  kind: 'user' | 'system';
  id: string | null;
  name: string;
}

export interface CommentView {
  id: string;
  ticketNumber: string;
  author: CommentAuthor;
  /** null once deleted. */
  body: string | null;
  internal: boolean;
  /** The comment this one answers (threads), if any. */
  replyTo: string | null;
  rating: { average: number | null; count: number };
  deleted: boolean;
  createdAt: string;
  editedAt: string | null;
  attachments: {
    id: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
  }[];
}

export interface RevisionView {
  id: string;
  change: 'edit' | 'delete';
  body: string;
  changedBy: string;
  changedAt: string;
}

export interface NewComment {
  ticketNumber: string;
  author: CommentAuthor;
  body: string;
  internal: boolean;
  /** Idempotency: the same key and body return the stored comment; another body is 409. */
  commentKey?: string;
  replyTo?: string;
  files?: StoredFile[];
}

export interface Editor {
  userId: string;
  isAdmin: boolean;
}

/** What an idempotent repeat must match: the body and whether it is an internal note. */
const contentHash = (internal: boolean, body: string): string =>
  sha256Of(Buffer.from(`${internal ? 'i' : 'p'}:${body}`));

const toCommentView = (comment: Comment): CommentView => ({
  id: String(comment.id),
  ticketNumber: comment.ticket_number,
  author: { kind: comment.author_kind, id: comment.author_id, name: comment.author_name },
  body: comment.deleted_at ? null : comment.body,
  internal: comment.internal,
  replyTo: comment.reply_to_id === null ? null : String(comment.reply_to_id),
  rating: {
    average:
      comment.rating_count > 0
        ? Math.round((comment.rating_total / comment.rating_count) * 100) / 100
        : null,
    count: comment.rating_count,
  },
  deleted: comment.deleted_at !== null,
  createdAt: comment.created_at.toISOString(),
  editedAt: comment.edited_at?.toISOString() ?? null,
  attachments: comment.deleted_at
    ? []
    : (comment.attachments ?? []).map((a) => ({
        id: String(a.id),
        filename: a.filename,
        contentType: a.content_type,
        sizeBytes: a.size_bytes,
        sha256: a.sha256,
      })),
});

const toRevisionView = (revision: CommentRevision): RevisionView => ({
  id: String(revision.id),
  change: revision.change,
  body: revision.body,
  changedBy: revision.changed_by,
  changedAt: revision.changed_at.toISOString(),
});

/** Comments of tickets in Postgres, through the messaging service's objection models. */
export class CommentStore {
  constructor(private readonly models: MessagingModels) {}

  /** Stores a comment once per comment key; `created` says whether this call stored it. */
  async create(input: NewComment): Promise<{ comment: CommentView; created: boolean }> {
    const { Comment } = this.models;
    const bodySha256 = contentHash(input.internal, input.body);
    return Comment.transaction(async (trx) => {
      const inserted = await Comment.knexQuery()
        .transacting(trx)
        .insert({
          ticket_number: input.ticketNumber,
          author_kind: input.author.kind,
          author_id: input.author.id,
          author_name: input.author.name,
          body: input.body,
          internal: input.internal,
          comment_key: input.commentKey ?? null,
          reply_to_id: input.replyTo ?? null,
          body_sha256: bodySha256,
        })
        .onConflict('comment_key')
        .ignore()
        .returning<{ id: string }[]>('id');
      const id = inserted[0]?.id;
      if (id === undefined) {
        const existing = await Comment.query(trx)
          .findOne({ comment_key: input.commentKey ?? null })
          .withGraphFetched('attachments');
        if (
          !existing ||
          existing.ticket_number !== input.ticketNumber ||
          existing.body_sha256 !== bodySha256
        ) {
          throw new ConflictError(
            'this idempotency key was used for a different comment',
            'idempotency-key',
          );
        }
        return { comment: toCommentView(existing), created: false };
      }
      for (const file of input.files ?? []) {
        await this.models.CommentAttachment.query(trx).insert({
          comment_id: id,
          filename: file.filename,
          content_type: file.contentType,
          size_bytes: file.sizeBytes,
          sha256: file.sha256,
        });
      }
      const comment = await Comment.query(trx).findById(id).withGraphFetched('attachments');
      if (!comment) throw new Error(`comment ${id} vanished inside its own transaction`);
      return { comment: toCommentView(comment), created: true };
    });
  }

  /** Oldest first after the cursor (a comment id), one page plus whether more follow. */
  async list(
    ticketNumber: string,
    options: {
      after?: string;
      limit: number;
      includeInternal: boolean;
      /** Also comments up to this long before `after` was written (committed late, so missed). */
      lookbackMs?: number;
    },
  ): Promise<{ items: CommentView[]; nextCursor: string | null }> {
    const rows = await this.models.Comment.query()
      .where('ticket_number', ticketNumber)
      .modify((query) => {
        const { after, lookbackMs } = options;
        if (after && lookbackMs) {
          void query.where((q) => {
            void q
              .where('id', '>', after)
              .orWhere(
                'created_at',
                '>=',
                this.models.Comment.knex().raw(
                  `(select created_at from comments where id = ?) - make_interval(secs => ?)`,
                  [after, lookbackMs / 1000],
                ),
              );
          });
        } else if (after) void query.where('id', '>', after);
        if (!options.includeInternal) void query.where('internal', false);
      })
      .orderBy('id', 'asc')
      .limit(options.limit + 1)
      .withGraphFetched('attachments');
    const page = rows.slice(0, options.limit);
    return {
      items: page.map(toCommentView),
      nextCursor: rows.length > options.limit ? String(page[page.length - 1]!.id) : null,
    };
  }

  /** The newest comment id of a ticket ('0' when it has none): where a live stream starts. */
  async latestId(ticketNumber: string): Promise<string> {
    const row = (await this.models.Comment.query()
      .where('ticket_number', ticketNumber)
      .max('id as id')
      .first()) as unknown as { id: string | null } | undefined;
    return row?.id ? String(row.id) : '0';
  }

  async find(ticketNumber: string, id: string): Promise<Comment> {
    const comment = await this.models.Comment.query()
      .findOne({ id, ticket_number: ticketNumber })
      .withGraphFetched('attachments');
    if (!comment) throw new NotFoundError(`no comment ${id} on ${ticketNumber}`, 'commentId');
    return comment;
  }

  /** One rating (1–5) per user and comment; rating again replaces it. Not for one's own comments. */
  async rate(
    ticketNumber: string,
    id: string,
    userId: string,
    rating: number,
  ): Promise<CommentView> {
    const { Comment, CommentRating } = this.models;
    return Comment.transaction(async (trx) => {
      const comment = await this.lockLive(trx, ticketNumber, id);
      if (comment.author_id === userId) {
        throw new ConflictError('you cannot rate your own comment', 'commentId');
      }
      await CommentRating.knexQuery()
        .transacting(trx)
        .insert({ comment_id: id, user_id: userId, rating })
        .onConflict(['comment_id', 'user_id'])
        .merge({ rating, rated_at: trx.fn.now() });
      const totals = (await CommentRating.query(trx)
        .where('comment_id', id)
        .count('* as count')
        .sum('rating as total')
        .first()) as unknown as { count: string; total: string };
      await Comment.query(trx)
        .findById(id)
        .patch({ rating_count: Number(totals.count), rating_total: Number(totals.total) });
      const updated = await Comment.query(trx).findById(id).withGraphFetched('attachments');
      if (!updated) throw new Error(`comment ${id} vanished inside its own transaction`);
      return toCommentView(updated);
    });
  }

  /** Edits keep the previous body as a revision; only the author (or an admin) may edit. */
  async edit(ticketNumber: string, id: string, editor: Editor, body: string): Promise<CommentView> {
    return this.change(ticketNumber, id, editor, 'edit', body);
  }

  /** Deletion is soft: the body moves to the history and the comment shows as deleted. */
  async remove(ticketNumber: string, id: string, editor: Editor): Promise<CommentView> {
    return this.change(ticketNumber, id, editor, 'delete', null);
  }

  async history(ticketNumber: string, id: string): Promise<RevisionView[]> {
    await this.find(ticketNumber, id);
    const rows = await this.models.CommentRevision.query()
      .where('comment_id', id)
      .orderBy('id', 'asc');
    return rows.map(toRevisionView);
  }

  async attachment(
    ticketNumber: string,
    commentId: string,
    attachmentId: string,
  ): Promise<CommentAttachment> {
    const comment = await this.find(ticketNumber, commentId);
    const attachment = comment.deleted_at
      ? undefined
      : comment.attachments?.find((a) => String(a.id) === attachmentId);
    if (!attachment) throw new NotFoundError(`no attachment ${attachmentId}`, 'attachmentId');
    return attachment;
  }

  /** The comment, locked for this transaction; 404 if absent, 409 if deleted. */
  private async lockLive(
    trx: Knex.Transaction,
    ticketNumber: string,
    id: string,
  ): Promise<Comment> {
    const comment = await this.models.Comment.query(trx)
      .findOne({ id, ticket_number: ticketNumber })
      .forUpdate();
    if (!comment) throw new NotFoundError(`no comment ${id} on ${ticketNumber}`, 'commentId');
    if (comment.deleted_at) throw new ConflictError('the comment was deleted', 'commentId');
    return comment;
  }

  private async change(
    ticketNumber: string,
    id: string,
    editor: Editor,
    change: 'edit' | 'delete',
    body: string | null,
  ): Promise<CommentView> {
    const { Comment } = this.models;
    return Comment.transaction(async (trx) => {
      const comment = await this.lockLive(trx, ticketNumber, id);
      if (comment.author_id !== editor.userId && !editor.isAdmin) {
        throw new ForbiddenError('only the author or an admin may change a comment', 'commentId');
      }
      await this.models.CommentRevision.query(trx).insert({
        comment_id: id,
        body: comment.body ?? '',
        change,
        changed_by: editor.userId,
      });
      const now = new Date();
      await Comment.query(trx)
        .findById(id)
        .patch(
          change === 'edit'
            ? {
                body: body ?? '',
                edited_at: now,
                body_sha256: contentHash(comment.internal, body ?? ''),
              }
            : { deleted_at: now },
        );
      const updated = await Comment.query(trx).findById(id).withGraphFetched('attachments');
      if (!updated) throw new Error(`comment ${id} vanished inside its own transaction`);
      return toCommentView(updated);
    });
  }
}
