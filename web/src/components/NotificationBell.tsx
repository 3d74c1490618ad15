import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useNotifications } from '../live/useNotifications';
import { Empty } from './States';
import { relativeTime } from './format';

/** The bell: unread count updated live, the newest notifications one click away. */
export function NotificationBell() {
  const { unread, recent, markAllRead, markRead } = useNotifications();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !panel.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="bell" ref={panel}>
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Notifications, ${unread} unread`}
        onClick={() => setOpen((v) => !v)}
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        {unread > 0 ? (
          <span className="count" data-testid="unread-count">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="bell-panel" role="dialog" aria-label="Notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            <button
              type="button"
              className="link"
              onClick={() => void markAllRead()}
              disabled={unread === 0}
            >
              Mark all read
            </button>
          </div>
          {recent.length === 0 ? <Empty>Nothing yet.</Empty> : null}
          <ul>
            {recent.map((n) => {
              const ticket = typeof n.data.ticketNumber === 'string' ? n.data.ticketNumber : null;
              return (
                <li key={n.id} className={n.read ? 'read' : 'unread'}>
                  {ticket ? (
                    <Link
                      to={`/tickets/${ticket}`}
                      onClick={() => void markRead(n.id).then(() => setOpen(false))}
                    >
                      {n.title}
                    </Link>
                  ) : (
                    <span>{n.title}</span>
                  )}
                  <small>{relativeTime(n.createdAt)}</small>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
