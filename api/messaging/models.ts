import type { Knex } from 'knex';
import { Model, type RelationMappings } from 'objection';

export class CommentAttachment extends Model {
  static override tableName = 'comment_attachments';
  declare id: string;
  declare comment_id: string;
  declare filename: string;
  declare content_type: string;
  declare size_bytes: number;
  declare sha256: string;
}

export class CommentRevision extends Model {
  static override tableName = 'comment_revisions';
  declare id: string;
  declare comment_id: string;
  declare body: string;
  declare change: 'edit' | 'delete';
  declare changed_by: string;
  declare changed_at: Date;
}

export class CommentRating extends Model {
  static override tableName = 'comment_ratings';
  static override idColumn = ['comment_id', 'user_id'];
  declare comment_id: string;
  declare user_id: string;
  declare rating: number;
  declare rated_at: Date;
}

export class Comment extends Model {
  static override tableName = 'comments';
  declare id: string;
  declare ticket_number: string;
  declare author_kind: 'user' | 'system';
  declare author_id: string | null;
  declare author_name: string;
  declare body: string | null;
  declare internal: boolean;
  declare comment_key: string | null;
  declare body_sha256: string;
  declare created_at: Date;
  declare edited_at: Date | null;
  declare deleted_at: Date | null;
  declare reply_to_id: string | null;
  declare rating_count: number;
  declare rating_total: number;
  declare attachments?: CommentAttachment[];

  static override relationMappings = (): RelationMappings => ({
    attachments: {
      relation: Model.HasManyRelation,
      modelClass: CommentAttachment,
      join: { from: 'comments.id', to: 'comment_attachments.comment_id' },
    },
    revisions: {
      relation: Model.HasManyRelation,
      modelClass: CommentRevision,
      join: { from: 'comments.id', to: 'comment_revisions.comment_id' },
    },
  });
}

/** The messaging models bound to the messaging database (objection's per-service binding). */
export interface MessagingModels {
  Comment: typeof Comment;
  CommentRevision: typeof CommentRevision;
  CommentAttachment: typeof CommentAttachment;
  CommentRating: typeof CommentRating;
}

export function bindMessagingModels(db: Knex): MessagingModels {
  return {
    Comment: Comment.bindKnex(db),
    CommentRevision: CommentRevision.bindKnex(db),
    CommentAttachment: CommentAttachment.bindKnex(db),
    CommentRating: CommentRating.bindKnex(db),
  };
}
