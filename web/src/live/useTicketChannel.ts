import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommentView, Page, Viewer } from '../api/types';
import { useSession } from '../session/SessionProvider';
import { ReconnectingSocket } from './reconnectingSocket';

const SEEN_SENT_ON_RESUME = 200;
const POST_TIMEOUT_MS = 15_000;

export interface Draft {
  body: string;
  internal: boolean;
  replyTo?: string | undefined;
  files: File[];
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface TicketChannel {
  comments: CommentView[];
  viewers: Viewer[];
  typing: Viewer[];
  connected: boolean;
  loading: boolean;
  error: string | null;
  /** Resolves once the server stored the comment. */
  post: (draft: Draft) => Promise<void>;
  /** Shows a comment the REST API answered with (edited, deleted, rated) before its live echo. */
  upsert: (comment: CommentView) => void;
  sendTyping: () => void;
}

/** Comment ids are serial: numeric order is the order they were stored in. */
const byNumber = (a: string, b: string): number => Number(a) - Number(b);

/**
 * A ticket's live conversation (mount it once per ticket: key the page by the ticket number): the stored comments (REST, every page), then the messaging
 * socket for new ones, edits, presence, typing and the ticket's status events. A reconnect
 * resumes after the last comment it has, so nothing is missed and nothing shows twice.
 */
export function useTicketChannel(ticket: string, onTicketEvent: () => void): TicketChannel {
  const { api } = useSession();
  const [comments, setComments] = useState<CommentView[]>([]);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [typing, setTyping] = useState<Viewer[]>([]);
  const [connected, setConnected] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const socket = useRef<ReconnectingSocket | null>(null);
  const known = useRef(new Map<string, CommentView>());
  const pending = useRef(new Map<string, Pending>());
  const onEvent = useRef(onTicketEvent);
  useEffect(() => {
    onEvent.current = onTicketEvent;
  });

  const merge = useCallback((incoming: CommentView[]) => {
    for (const comment of incoming) known.current.set(comment.id, comment);
    setComments([...known.current.values()].sort((a, b) => byNumber(a.id, b.id)));
  }, []);

  useEffect(() => {
    let active = true;
    const waiting = pending.current;
    const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

    const url = () => api.socketUrl('messaging', '/api/v1/ws');
    socket.current = new ReconnectingSocket(url, api.socketAuth(), {
      open(send) {
        const ids = [...known.current.keys()].sort(byNumber);
        const after = ids.at(-1);
        send(
          after
            ? { type: 'subscribe', ticket, after, seen: ids.slice(-SEEN_SENT_ON_RESUME) }
            : { type: 'subscribe', ticket },
        );
      },
      status: setConnected,
      message(data) {
        const message = data as Record<string, unknown> & { type: string };
        switch (message.type) {
          case 'comment.created':
          case 'comment.edited':
          case 'comment.deleted':
          case 'comment.rated':
            merge([message.comment as CommentView]);
            break;
          case 'subscribed':
          case 'presence':
            setViewers(message.viewers as Viewer[]);
            break;
          case 'typing': {
            const user = message.user as Viewer;
            setTyping((current) =>
              current.some((v) => v.userId === user.userId) ? current : [...current, user],
            );
            clearTimeout(typingTimers.get(user.userId));
            typingTimers.set(
              user.userId,
              setTimeout(
                () => setTyping((current) => current.filter((v) => v.userId !== user.userId)),
                4_000,
              ),
            );
            break;
          }
          case 'ticket.event':
            onEvent.current();
            break;
          case 'ack':
            pending.current.get(String(message.ref))?.resolve();
            pending.current.delete(String(message.ref));
            break;
          case 'error': {
            const failure = message.error as { message?: string };
            const ref = typeof message.ref === 'string' ? message.ref : null;
            const text = failure.message ?? 'the messaging service refused the request';
            if (ref && pending.current.has(ref)) {
              pending.current.get(ref)?.reject(new Error(text));
              pending.current.delete(ref);
            } else setError(text);
            break;
          }
        }
      },
    });

    const loadAll = async (): Promise<void> => {
      let after: string | undefined;
      do {
        const page = await api.request<Page<CommentView>>(
          'messaging',
          `/api/v1/tickets/${encodeURIComponent(ticket)}/comments`,
          { query: { limit: 200, after } },
        );
        if (!active) return;
        merge(page.items);
        after = page.nextCursor ?? undefined;
      } while (after);
    };
    loadAll().then(
      () => active && setLoading(false),
      (failure: unknown) => {
        if (!active) return;
        setError(failure instanceof Error ? failure.message : 'comments could not be loaded');
        setLoading(false);
      },
    );

    return () => {
      active = false;
      for (const timer of typingTimers.values()) clearTimeout(timer);
      socket.current?.close();
      socket.current = null;
      for (const post of waiting.values())
        post.reject(new Error('left the ticket before the server answered'));
      waiting.clear();
    };
  }, [api, ticket, merge]);

  /** Text goes over the socket (acknowledged once stored); files go over REST as multipart. */
  const postOverSocket = useCallback(
    ({ body, internal, replyTo }: Draft) =>
      new Promise<void>((resolve, reject) => {
        const ref = crypto.randomUUID();
        const timeout = setTimeout(() => {
          pending.current.delete(ref);
          reject(
            new Error('The server did not confirm your comment; reload to see if it arrived.'),
          );
        }, POST_TIMEOUT_MS);
        pending.current.set(ref, {
          resolve: () => {
            clearTimeout(timeout);
            resolve();
          },
          reject: (failure) => {
            clearTimeout(timeout);
            reject(failure);
          },
        });
        const sent = socket.current?.send({
          type: 'comment.post',
          ref,
          ticket,
          body,
          internal,
          ...(replyTo ? { replyTo } : {}),
        });
        if (!sent) {
          pending.current
            .get(ref)
            ?.reject(new Error('Not connected to the live service; your comment was not sent.'));
          pending.current.delete(ref);
        }
      }),
    [ticket],
  );

  const post = useCallback(
    async (draft: Draft) => {
      if (draft.files.length === 0) return postOverSocket(draft);
      const form = new FormData();
      form.set('body', draft.body);
      form.set('internal', String(draft.internal));
      if (draft.replyTo) form.set('replyTo', draft.replyTo);
      for (const file of draft.files) form.append('attachments', file);
      const answer = await api.request<{ comment: CommentView }>(
        'messaging',
        `/api/v1/tickets/${encodeURIComponent(ticket)}/comments`,
        { method: 'POST', form, idempotencyKey: crypto.randomUUID() },
      );
      merge([answer.comment]);
    },
    [api, ticket, merge, postOverSocket],
  );

  const sendTyping = useCallback(() => {
    socket.current?.send({ type: 'typing', ticket });
  }, [ticket]);

  const upsert = useCallback((comment: CommentView) => merge([comment]), [merge]);

  return { comments, viewers, typing, connected, loading, error, post, upsert, sendTyping };
}
