import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FINAL_STATUSES, SATISFACTION_RATINGS } from '../../../../domain/tickets';
import type { SatisfactionRating, TicketView } from '../../api/types';
import { Field } from '../../components/Field';
import { formatDateTime, humanize } from '../../components/format';
import { ErrorNotice } from '../../components/States';
import { useAction } from '../../hooks/useAction';
import { useSession } from '../../session/SessionProvider';

const RATING_LABELS: Record<SatisfactionRating, string> = {
  good: 'Good, I’m satisfied',
  bad: 'Bad, I’m unsatisfied',
};

/** Whether the ticket's reopen window still runs (a resolved ticket waiting for its requester). */
export function reopenable(ticket: TicketView, now = Date.now()): boolean {
  return (
    ticket.status === 'resolved' &&
    ticket.reopenUntil !== null &&
    Date.parse(ticket.reopenUntil) > now
  );
}

/** Whether the ticket was resolved, so its requester may rate it (also once closed after that). */
export function rateable(ticket: TicketView): boolean {
  return ticket.status === 'resolved' || (ticket.status === 'closed' && ticket.resolvedAt !== null);
}

function Rating({
  ticket,
  mine,
  onDone,
}: {
  ticket: TicketView;
  mine: boolean;
  onDone: () => void;
}) {
  const { api } = useSession();
  const current = ticket.satisfaction ?? null;
  const [rating, setRating] = useState<SatisfactionRating | null>(current?.rating ?? null);
  const [comment, setComment] = useState(current?.comment ?? '');
  const saving = useAction();
  if (!mine) {
    return current ? (
      <p data-testid="satisfaction">
        The requester rated this ticket <strong>{humanize(current.rating)}</strong>
        {current.comment ? `: “${current.comment}”` : ''} ({formatDateTime(current.ratedAt)}).
      </p>
    ) : (
      <p className="hint">The requester has not rated this ticket yet.</p>
    );
  }
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!rating) return;
    const text = comment.trim();
    const saved = await saving.run(() =>
      api.request('ticket', `/api/v1/tickets/${encodeURIComponent(ticket.number)}/satisfaction`, {
        method: 'PUT',
        body: { rating, ...(text ? { comment: text } : {}) },
      }),
    );
    if (saved) onDone();
  };
  return (
    <form onSubmit={(e) => void send(e)} aria-label="Rate this ticket">
      <fieldset className="choices">
        <legend>How would you rate the support you received?</legend>
        {SATISFACTION_RATINGS.map((value) => (
          <label key={value} className="inline">
            <input
              type="radio"
              name="satisfaction"
              value={value}
              checked={rating === value}
              onChange={() => setRating(value)}
            />{' '}
            {RATING_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <Field label="Tell us more (optional)">
        <textarea
          rows={2}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Field>
      {saving.error ? <ErrorNotice error={saving.error} /> : null}
      <button type="submit" disabled={!rating || saving.busy}>
        {saving.busy ? 'Sending…' : current ? 'Update rating' : 'Send rating'}
      </button>
      {current ? (
        <p className="hint" data-testid="satisfaction">
          You rated it {humanize(current.rating)} on {formatDateTime(current.ratedAt)}.
        </p>
      ) : null}
    </form>
  );
}

/**
 * What a resolved or closed ticket offers: while its reopen window runs, a way back (the
 * requester's reply reopens it too); the requester's rating (good or bad, with a comment) and,
 * for staff, what they said; once closed, that it takes no more comments.
 */
export function ResolutionPanel({
  ticket,
  mine,
  staff,
  onDone,
}: {
  ticket: TicketView;
  /** The signed-in user filed this ticket. */
  mine: boolean;
  staff: boolean;
  onDone: () => void;
}) {
  const { api } = useSession();
  const reopening = useAction();
  const open = reopenable(ticket);
  const final = FINAL_STATUSES.includes(ticket.status);
  if (!open && !rateable(ticket) && !final) return null;
  const reopen = async () => {
    const done = await reopening.run(() =>
      api.request('ticket', `/api/v1/tickets/${encodeURIComponent(ticket.number)}/reopen`, {
        method: 'POST',
        body: {},
      }),
    );
    if (done) onDone();
  };
  return (
    <section className="card" aria-label="Resolution">
      {open ? (
        <div className="notice" data-testid="reopen-window">
          <p>
            This ticket is resolved.{' '}
            {mine
              ? 'Not fixed after all? Reply below or reopen it'
              : 'The requester can reply or reopen it'}{' '}
            until {formatDateTime(ticket.reopenUntil!)}; after that it closes for good.
          </p>
          {mine || staff ? (
            <button
              type="button"
              className="secondary"
              onClick={() => void reopen()}
              disabled={reopening.busy}
            >
              {reopening.busy ? 'Reopening…' : 'Reopen ticket'}
            </button>
          ) : null}
          {reopening.error ? <ErrorNotice error={reopening.error} /> : null}
        </div>
      ) : null}
      {final ? (
        <p className="notice" data-testid="closed-notice">
          This ticket is {ticket.status} and takes no new comments.{' '}
          {mine ? <Link to="/tickets/new">File a new ticket</Link> : null}
        </p>
      ) : null}
      {rateable(ticket) && (mine || staff) ? (
        <Rating ticket={ticket} mine={mine} onDone={onDone} />
      ) : null}
    </section>
  );
}
