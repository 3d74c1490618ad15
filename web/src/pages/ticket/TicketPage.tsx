import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { CLOSED_STATUSES, FINAL_STATUSES } from '../../../../domain/tickets';
import { ApiError } from '../../api/client';
import type { CommentView, HistoryEntry, LifecycleView, Page, TicketView } from '../../api/types';
import { AttachmentLink } from '../../components/AttachmentLink';
import { PriorityBadge, SlaBadge, StatusBadge } from '../../components/Badges';
import { formatDateTime } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/States';
import { useResource } from '../../hooks/useResource';
import { useTicketChannel } from '../../live/useTicketChannel';
import { useSession, useUser } from '../../session/SessionProvider';
import { AdminOverrides } from './AdminOverrides';
import { Composer } from './Composer';
import { reopenable, ResolutionPanel } from './ResolutionPanel';
import { TaskActions } from './TaskActions';
import { TicketWorkflow } from './TicketWorkflow';
import { Timeline } from './Timeline';

type TicketDetail = Required<Pick<TicketView, 'attachments'>> & TicketView;

/**
 * One ticket: its details and live status, the time line (history, comments, internal notes),
 * the conversation over the socket with who else is looking, the step's actions for its assignee,
 * and for admins the overrides and the workflow in the Temporal Web UI.
 */
export function TicketPage({ number }: { number: string }) {
  const { api, roles, config } = useSession();
  const user = useUser();
  const path = `/api/v1/tickets/${encodeURIComponent(number)}`;

  const loadTicket = useCallback(
    () =>
      Promise.all([
        api.request<TicketDetail>('ticket', path),
        api.request<Page<HistoryEntry>>('ticket', `${path}/history`),
      ]),
    [api, path],
  );
  const ticket = useResource(loadTicket);
  const loadState = useCallback(
    () =>
      roles.isStaff
        ? api.request<LifecycleView>('workflow', `${path}/state`).catch((error: unknown) => {
            if (error instanceof ApiError && error.status === 404) return null;
            throw error;
          })
        : Promise.resolve(null),
    [api, path, roles.isStaff],
  );
  const state = useResource(loadState);
  const { reload: reloadTicket } = ticket;
  const { reload: reloadState } = state;
  const refresh = useCallback(() => {
    reloadTicket();
    reloadState();
  }, [reloadTicket, reloadState]);
  const channel = useTicketChannel(number, refresh);
  const [replyTo, setReplyTo] = useState<CommentView | null>(null);

  if (ticket.error) {
    return (
      <ErrorNotice
        message={
          ticket.error instanceof ApiError && ticket.error.status === 404
            ? `There is no ticket ${number} you can see.`
            : undefined
        }
        error={ticket.error}
      />
    );
  }
  if (!ticket.data) return <Loading what="Loading the ticket" />;
  const [detail, history] = ticket.data;
  const closed = CLOSED_STATUSES.includes(detail.status);
  const mine = detail.requesterId === user.id;
  const others = channel.viewers.filter((v) => v.userId !== user.id);
  const typing = channel.typing.filter((v) => v.userId !== user.id);
  const live = state.data ?? null;
  const temporalUrl = `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(
    config.temporal.namespace,
  )}/workflows/${encodeURIComponent(detail.workflowId)}`;

  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <p className="crumbs">
        <Link to="/tickets">Tickets</Link> / {detail.number}
      </p>
      <header className="ticket-head">
        <h1 id="ticket-title">
          <span className="number">{detail.number}</span> {detail.subject}
        </h1>
        <div className="badges">
          <StatusBadge status={detail.status} />
          <PriorityBadge priority={detail.priority} />
          {!closed && live?.task ? <SlaBadge task={live.task} /> : null}
        </div>
        <p className="meta">
          {detail.department} · {detail.category} · filed {formatDateTime(detail.createdAt)}
          {detail.status === 'resolved' && detail.resolvedAt
            ? ` · resolved ${formatDateTime(detail.resolvedAt)}`
            : detail.closedAt
              ? ` · closed ${formatDateTime(detail.closedAt)}`
              : ''}
          {roles.isStaff ? (
            <>
              {' · '}
              <a href={temporalUrl} target="_blank" rel="noreferrer" data-testid="temporal-link">
                Workflow in Temporal Web UI ↗
              </a>
            </>
          ) : null}
        </p>
        {others.length > 0 ? (
          <p className="presence" data-testid="presence">
            Also viewing: {others.map((v) => v.name).join(', ')}
          </p>
        ) : null}
      </header>

      <div className="ticket-grid">
        <div className="ticket-main">
          <section className="card">
            <h2 className="visually-hidden">Description</h2>
            <p className="description">{detail.description}</p>
            {detail.attachments.map((a) => (
              <AttachmentLink
                key={a.id}
                service="ticket"
                path={`${path}/attachments/${a.id}`}
                filename={a.filename}
                sizeBytes={a.sizeBytes}
              />
            ))}
          </section>
          <ResolutionPanel ticket={detail} mine={mine} staff={roles.isStaff} onDone={refresh} />
          {roles.isStaff ? (
            <TicketWorkflow
              key={`${live?.task?.taskId ?? ''}:${live?.status ?? detail.status}`}
              number={number}
            />
          ) : null}
          <section aria-labelledby="activity-title">
            <h2 id="activity-title">Activity</h2>
            {channel.error ? <ErrorNotice message={channel.error} /> : null}
            {channel.loading ? <Loading what="Loading the conversation" /> : null}
            <Timeline
              ticket={number}
              history={history.items}
              comments={channel.comments}
              onReply={(comment) => {
                setReplyTo(comment);
                document.getElementById('comment-body')?.focus();
              }}
              onChanged={channel.upsert}
            />
            {typing.length > 0 ? (
              <p className="typing" aria-live="polite">
                {typing.map((v) => v.name).join(', ')} {typing.length > 1 ? 'are' : 'is'} typing…
              </p>
            ) : null}
            {FINAL_STATUSES.includes(detail.status) ? null : (
              <Composer
                staff={roles.isStaff}
                replyTo={replyTo}
                onCancelReply={() => setReplyTo(null)}
                connected={channel.connected}
                post={channel.post}
                onTyping={channel.sendTyping}
                hint={
                  mine && reopenable(detail) ? 'Replying reopens this resolved ticket.' : undefined
                }
              />
            )}
          </section>
        </div>
        {roles.isStaff ? (
          <aside className="ticket-side">
            {state.error ? <ErrorNotice error={state.error} /> : null}
            {live?.coordinator ? (
              <p className="hint">Coordinator: {live.coordinator.name}</p>
            ) : null}
            {live?.task && !closed ? <TaskActions task={live.task} onDone={refresh} /> : null}
            {live && !live.task && !closed ? (
              <p className="notice">No step is open: the ticket is {live.status}.</p>
            ) : null}
            {roles.isAdmin && live && !closed ? (
              <AdminOverrides state={live} onDone={refresh} />
            ) : null}
          </aside>
        ) : null}
      </div>
    </article>
  );
}
