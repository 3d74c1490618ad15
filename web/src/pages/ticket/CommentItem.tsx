import { useState, type FormEvent } from 'react';
import type { CommentView } from '../../api/types';
import { AttachmentLink } from '../../components/AttachmentLink';
import { formatDateTime } from '../../components/format';
import { Options } from '../../components/Options';
import { ErrorNotice } from '../../components/States';
import { useAction } from '../../hooks/useAction';
import { useSession, useUser } from '../../session/SessionProvider';

const RATINGS = ['1', '2', '3', '4', '5'].map((r) => ({ value: r, label: `${r} ★` }));

const excerpt = (text: string | null): string =>
  !text ? 'a deleted comment' : text.length > 80 ? `${text.slice(0, 80)}…` : text;

/**
 * One comment: its author, time, reply context and files; the author (or an admin) edits or
 * deletes it, anyone may reply, and others rate it. Changes arrive live for everyone else.
 */
export function CommentItem({
  ticket,
  comment,
  repliesTo,
  onReply,
  onChanged,
}: {
  ticket: string;
  comment: CommentView;
  repliesTo: CommentView | undefined;
  onReply: (comment: CommentView) => void;
  onChanged: (comment: CommentView) => void;
}) {
  const { api, roles } = useSession();
  const user = useUser();
  const [editing, setEditing] = useState<string | null>(null);
  const change = useAction();
  const path = `/api/v1/tickets/${encodeURIComponent(ticket)}/comments/${comment.id}`;
  const byUser = comment.author.kind === 'user';
  const mine = byUser && comment.author.id === user.id;
  const editable = !comment.deleted && byUser && (mine || roles.isAdmin);

  const send = async (method: 'PATCH' | 'DELETE' | 'PUT', suffix = '', body?: unknown) => {
    const done = await change.run(async () => {
      const answer = await api.request<{ comment: CommentView }>('messaging', `${path}${suffix}`, {
        method,
        ...(body !== undefined ? { body } : {}),
      });
      onChanged(answer.comment);
    });
    if (done) setEditing(null);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (editing?.trim()) void send('PATCH', '', { body: editing.trim() });
  };

  return (
    <li
      className={`comment${comment.internal ? ' internal' : ''}${byUser ? '' : ' system'}`}
      data-testid="comment"
    >
      <div className="comment-head">
        <strong>{comment.author.name}</strong>
        {comment.internal ? <span className="badge internal-badge">Internal note</span> : null}
        <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
        {comment.editedAt && !comment.deleted ? <small>(edited)</small> : null}
        {comment.rating.count > 0 ? (
          <small aria-label={`Rated ${comment.rating.average} of 5`}>
            ★ {comment.rating.average} ({comment.rating.count})
          </small>
        ) : null}
      </div>
      {repliesTo ? (
        <p className="reply-to">
          ↪ {repliesTo.author.name}: “{excerpt(repliesTo.body)}”
        </p>
      ) : null}
      {editing !== null ? (
        <form onSubmit={save} className="edit-comment">
          <label htmlFor={`edit-${comment.id}`} className="visually-hidden">
            Edit comment
          </label>
          <textarea
            id={`edit-${comment.id}`}
            rows={3}
            value={editing}
            onChange={(e) => setEditing(e.target.value)}
          />
          <button type="submit" disabled={change.busy || !editing.trim()}>
            Save
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="comment-body">{comment.deleted ? <em>deleted</em> : comment.body}</p>
      )}
      {comment.attachments.map((a) => (
        <AttachmentLink
          key={a.id}
          service="messaging"
          path={`${path}/attachments/${a.id}`}
          filename={a.filename}
          sizeBytes={a.sizeBytes}
        />
      ))}
      {change.error ? <ErrorNotice error={change.error} /> : null}
      {byUser && !comment.deleted && editing === null ? (
        <div className="comment-actions">
          <button type="button" className="link" onClick={() => onReply(comment)}>
            Reply
          </button>
          {editable ? (
            <>
              <button type="button" className="link" onClick={() => setEditing(comment.body ?? '')}>
                Edit
              </button>
              <button
                type="button"
                className="link"
                disabled={change.busy}
                onClick={() => {
                  if (window.confirm('Delete this comment? Its history is kept.'))
                    void send('DELETE');
                }}
              >
                Delete
              </button>
            </>
          ) : null}
          {!mine ? (
            <select
              aria-label={`Rate ${comment.author.name}'s comment`}
              value=""
              disabled={change.busy}
              onChange={(e) => {
                if (e.target.value) void send('PUT', '/rating', { rating: Number(e.target.value) });
              }}
            >
              <Options options={[{ value: '', label: 'Rate…' }, ...RATINGS]} />
            </select>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
