import { ForbiddenError, NotFoundError } from '../../domain/errors';
import type { NotificationMessage } from '../../domain/notifications';
import { DEFAULT_SYSTEM, holdsStaffRole, type Principal } from '../shared/auth/principal';
import type { IncomingFile, MediaStore } from '../shared/media/mediaStore';
import { checkFiles } from '../shared/media/mediaStore';
import type { CommentAuthor, CommentStore, CommentView, RevisionView } from './comments';
import type { LivePublisher } from './liveEvents';
import type { MentionedUser, PeopleDirectory } from './people';
import { accessTo, type TicketAccess, type TicketDirectory } from './ticketAccess';

/** Sends a notification message (the notification queue, in the running service). */
export type NotificationSender = (message: NotificationMessage) => Promise<void>;

export interface CommentServiceDeps {
  store: CommentStore;
  directory: TicketDirectory;
  people: PeopleDirectory;
  live: LivePublisher;
  media: MediaStore;
  maxAttachmentBytes: number;
  notify: NotificationSender;
}

export interface PostInput {
  body: string;
  internal: boolean;
  /** Client-chosen idempotency key, scoped to the caller. */
  key?: string;
  /** The comment this one answers; it must be on the same ticket and visible to the caller. */
  replyTo?: string;
  files?: IncomingFile[];
}

const MENTION = /(?<![\w.+-])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;
const MAX_MENTIONS = 10;

function authorOf(principal: Principal): CommentAuthor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId, name: principal.name }
    : { kind: 'system', id: null, name: 'Helpdesk' };
}

/**
 * Every comment operation, whether it came over REST or the WebSocket: access check, storage,
 * then the live event for every instance and notifications for mentioned addresses.
 */
export class CommentService {
  constructor(private readonly deps: CommentServiceDeps) {}

  access(principal: Principal, ticketNumber: string): Promise<TicketAccess> {
    return accessTo(this.deps.directory, principal, ticketNumber);
  }

  /** The ticket's requester (cached by the directory); NotFoundError when there is no such ticket. */
  requesterOf(ticketNumber: string): Promise<string> {
    return this.deps.directory.requesterOf(ticketNumber);
  }

  async list(
    principal: Principal,
    ticketNumber: string,
    page: { after?: string; limit: number },
  ): Promise<{ items: CommentView[]; nextCursor: string | null }> {
    const access = await this.access(principal, ticketNumber);
    return this.deps.store.list(ticketNumber, { ...page, includeInternal: access.seesInternal });
  }

  async post(
    principal: Principal,
    ticketNumber: string,
    input: PostInput,
  ): Promise<{ comment: CommentView; created: boolean }> {
    const access = await this.access(principal, ticketNumber);
    if (input.internal && !access.seesInternal) {
      throw new ForbiddenError('requesters cannot post internal notes', 'body.internal');
    }
    if (input.replyTo)
      await this.visibleComment(access, ticketNumber, input.replyTo, 'body.replyTo');
    const files = input.files ?? [];
    checkFiles(files, this.deps.maxAttachmentBytes);
    const author = authorOf(principal);
    const commentKey = input.key
      ? `${author.kind}:${author.id ?? 'system'}:${input.key}`
      : undefined;
    // People's comments wait for the ticket API's word (a closed ticket takes none; a requester's
    // reply reopens a resolved one first). The lifecycle's own system comments do not.
    if (principal.kind === 'user') {
      await this.deps.directory.admitComment(ticketNumber, {
        authorId: principal.userId,
        internal: input.internal,
        ...(commentKey ? { key: commentKey } : {}),
      });
    }
    const stored = [];
    for (const file of files) stored.push(await this.deps.media.save(file));
    const result = await this.deps.store.create({
      ticketNumber,
      author,
      body: input.body,
      internal: input.internal,
      files: stored,
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
      ...(commentKey ? { commentKey } : {}),
    });
    await this.deps.live.publish({
      type: 'comment.created',
      ticket: ticketNumber,
      comment: result.comment,
    });
    if (result.created) await this.notifyMentions(result.comment);
    return result;
  }

  /** The lifecycle's system comments: idempotent by the workflow's comment key. */
  async postSystem(
    principal: Principal,
    ticketNumber: string,
    commentKey: string,
    body: string,
  ): Promise<{ comment: CommentView; created: boolean }> {
    return this.post(principal, ticketNumber, { body, internal: false, key: commentKey });
  }

  async edit(
    principal: Principal,
    ticketNumber: string,
    commentId: string,
    body: string,
  ): Promise<CommentView> {
    const editor = await this.editor(principal, ticketNumber, commentId);
    const comment = await this.deps.store.edit(ticketNumber, commentId, editor, body);
    await this.deps.live.publish({ type: 'comment.edited', ticket: ticketNumber, comment });
    return comment;
  }

  async remove(
    principal: Principal,
    ticketNumber: string,
    commentId: string,
  ): Promise<CommentView> {
    const editor = await this.editor(principal, ticketNumber, commentId);
    const comment = await this.deps.store.remove(ticketNumber, commentId, editor);
    await this.deps.live.publish({ type: 'comment.deleted', ticket: ticketNumber, comment });
    return comment;
  }

  async rate(
    principal: Principal,
    ticketNumber: string,
    commentId: string,
    rating: number,
  ): Promise<CommentView> {
    const access = await this.access(principal, ticketNumber);
    if (principal.kind !== 'user')
      throw new ForbiddenError('only users rate comments', 'authorization');
    await this.visibleComment(access, ticketNumber, commentId);
    const comment = await this.deps.store.rate(ticketNumber, commentId, principal.userId, rating);
    await this.deps.live.publish({ type: 'comment.rated', ticket: ticketNumber, comment });
    return comment;
  }

  async history(
    principal: Principal,
    ticketNumber: string,
    commentId: string,
  ): Promise<RevisionView[]> {
    const access = await this.access(principal, ticketNumber);
    await this.visibleComment(access, ticketNumber, commentId);
    return this.deps.store.history(ticketNumber, commentId);
  }

  async attachment(
    principal: Principal,
    ticketNumber: string,
    commentId: string,
    attachmentId: string,
  ): Promise<{ path: string; filename: string; contentType: string; sha256: string }> {
    const access = await this.access(principal, ticketNumber);
    await this.visibleComment(access, ticketNumber, commentId);
    const file = await this.deps.store.attachment(ticketNumber, commentId, attachmentId);
    return {
      path: this.deps.media.pathOf(file.sha256),
      filename: file.filename,
      contentType: file.content_type,
      sha256: file.sha256,
    };
  }

  private async visibleComment(
    access: TicketAccess,
    ticketNumber: string,
    commentId: string,
    field = 'commentId',
  ): Promise<void> {
    const comment = await this.deps.store.find(ticketNumber, commentId).catch(() => null);
    if (!comment || (comment.internal && !access.seesInternal)) {
      throw new NotFoundError(`no comment ${commentId} on ${ticketNumber}`, field);
    }
  }

  /**
   * The user editing or deleting a comment. A comment the caller may not see (an internal note,
   * for a requester) is a 404 like a missing one, so its id's existence does not leak as a 403.
   */
  private async editor(
    principal: Principal,
    ticketNumber: string,
    commentId: string,
  ): Promise<{ userId: string; isAdmin: boolean }> {
    const access = await this.access(principal, ticketNumber);
    if (principal.kind !== 'user') {
      throw new ForbiddenError('only users edit comments', 'authorization');
    }
    await this.visibleComment(access, ticketNumber, commentId);
    return { userId: principal.userId, isAdmin: access.isAdmin };
  }

  /**
   * Mails each platform user the comment @mentions who may read it: staff for an internal note,
   * staff or the ticket's requester otherwise. An address that is no active user gets nothing.
   */
  private async notifyMentions(comment: CommentView): Promise<void> {
    const emails = new Set<string>();
    for (const match of (comment.body ?? '').matchAll(MENTION)) {
      if (match[1]) emails.add(match[1].toLowerCase());
      if (emails.size >= MAX_MENTIONS) break;
    }
    if (emails.size === 0) return;
    const users = await this.deps.people.usersByEmail([...emails]);
    const requesterId = await this.deps.directory.requesterOf(comment.ticketNumber);
    const mayRead = (user: MentionedUser): boolean =>
      holdsStaffRole(user.roles, DEFAULT_SYSTEM) || (!comment.internal && user.id === requesterId);
    for (const user of users.filter(mayRead)) {
      await this.deps.notify({
        id: `comment-mention:${comment.id}:${user.id}`,
        type: 'comment_mention',
        recipient: { userId: user.id, email: user.email, name: user.name },
        data: {
          ticketNumber: comment.ticketNumber,
          author: comment.author.name,
          excerpt: (comment.body ?? '').slice(0, 280),
        },
        createdAt: comment.createdAt,
      });
    }
  }
}
