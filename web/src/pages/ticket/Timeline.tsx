import type { CommentView, HistoryEntry } from '../../api/types';
import { formatDateTime, humanize } from '../../components/format';
import { Empty } from '../../components/States';
import { CommentItem } from './CommentItem';

type Item =
  | { kind: 'history'; at: string; key: string; entry: HistoryEntry }
  | { kind: 'comment'; at: string; key: string; comment: CommentView };

const REOPENED_VIA: Record<string, string> = {
  reply: 'the requester replied',
  request: 'the requester asked',
  staff: 'by staff',
};

/** What happened, in words. */
function what(entry: HistoryEntry): string {
  const details = entry.details;
  switch (entry.type) {
    case 'created':
      return entry.actor.kind === 'system' ? 'Workflow started' : 'Ticket filed';
    case 'routed':
      if (typeof details.definition === 'string')
        return `Routed to ${details.definition} v${String(details.version)}`;
      break;
    case 'closed':
      if (details.outcome === 'resolved') return 'Resolved';
      break;
    case 'reopened':
      if (typeof details.via === 'string')
        return `Reopened (${REOPENED_VIA[details.via] ?? details.via})`;
      break;
    case 'satisfaction_rated':
      if (typeof details.rating === 'string') return `Rated ${details.rating}`;
      break;
  }
  return humanize(entry.type);
}

/** What a history entry says, in words: who did what, and the status it moved the ticket to. */
function describe(entry: HistoryEntry): string {
  const details = entry.details;
  const move =
    entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus
      ? `: ${humanize(entry.fromStatus)} → ${humanize(entry.toStatus)}`
      : '';
  const reason = typeof details.reason === 'string' ? ` (${details.reason})` : '';
  return `${what(entry)}${move}${reason}`;
}

/** History and conversation in one time line; internal notes are marked as such. */
export function Timeline({
  ticket,
  history,
  comments,
  onReply,
  onChanged,
}: {
  ticket: string;
  history: HistoryEntry[];
  comments: CommentView[];
  onReply: (comment: CommentView) => void;
  onChanged: (comment: CommentView) => void;
}) {
  const byId = new Map(comments.map((comment) => [comment.id, comment]));
  const items: Item[] = [
    ...history.map((entry) => ({
      kind: 'history' as const,
      at: entry.occurredAt,
      key: `h${entry.id}`,
      entry,
    })),
    ...comments.map((comment) => ({
      kind: 'comment' as const,
      at: comment.createdAt,
      key: `c${comment.id}`,
      comment,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));

  if (items.length === 0) return <Empty>No activity yet.</Empty>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {items.map((item) =>
        item.kind === 'history' ? (
          <li key={item.key} className="event">
            <span>{describe(item.entry)}</span>{' '}
            <time dateTime={item.at}>{formatDateTime(item.at)}</time>
          </li>
        ) : (
          <CommentItem
            key={item.key}
            ticket={ticket}
            comment={item.comment}
            repliesTo={item.comment.replyTo ? byId.get(item.comment.replyTo) : undefined}
            onReply={onReply}
            onChanged={onChanged}
          />
        ),
      )}
    </ol>
  );
}
