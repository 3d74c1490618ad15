import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CommentView } from '../../api/types';
import { ErrorNotice } from '../../components/States';
import { useAction } from '../../hooks/useAction';
import type { Draft } from '../../live/useTicketChannel';

/** Writes a comment (or, for staff, an internal note); Ctrl/⌘+Enter sends. */
export function Composer({
  staff,
  connected,
  replyTo,
  onCancelReply,
  post,
  onTyping,
  hint,
}: {
  staff: boolean;
  connected: boolean;
  replyTo: CommentView | null;
  onCancelReply: () => void;
  post: (draft: Draft) => Promise<void>;
  onTyping: () => void;
  /** A word on what sending does (a requester's reply reopens a resolved ticket). */
  hint?: string | undefined;
}) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [lastTyping, setLastTyping] = useState(0);
  const files = useRef<HTMLInputElement>(null);
  const sending = useAction();

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text || sending.busy) return;
    const sent = await sending.run(() =>
      post({
        body: text,
        internal,
        replyTo: replyTo?.id,
        files: [...(files.current?.files ?? [])],
      }),
    );
    if (!sent) return;
    setBody('');
    if (files.current) files.current.value = '';
    onCancelReply();
  };
  const keys = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send();
    else if (Date.now() - lastTyping > 2_000) {
      setLastTyping(Date.now());
      onTyping();
    }
  };

  return (
    <form className="composer" onSubmit={(e) => void send(e)} aria-label="Add a comment">
      {sending.error ? <ErrorNotice error={sending.error} /> : null}
      {replyTo ? (
        <p className="reply-to">
          Replying to {replyTo.author.name}{' '}
          <button type="button" className="link" onClick={onCancelReply}>
            Cancel reply
          </button>
        </p>
      ) : null}
      <label htmlFor="comment-body">{internal ? 'Internal note (staff only)' : 'Comment'}</label>
      {hint && !internal ? <p className="hint">{hint}</p> : null}
      <textarea
        id="comment-body"
        rows={3}
        value={body}
        maxLength={20000}
        placeholder="Write a reply… (Ctrl+Enter sends)"
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={keys}
      />
      <div className="composer-foot">
        {staff ? (
          <label className="inline">
            <input
              type="checkbox"
              checked={internal}
              onChange={(e) => setInternal(e.target.checked)}
            />{' '}
            Internal note
          </label>
        ) : null}
        <label className="inline">
          Attach
          <input type="file" multiple ref={files} aria-label="Attach files to the comment" />
        </label>
        <span className={`live ${connected ? 'on' : 'off'}`} role="status">
          {connected ? 'Live' : 'Reconnecting…'}
        </span>
        <button type="submit" disabled={sending.busy || !body.trim() || !connected}>
          {sending.busy ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
