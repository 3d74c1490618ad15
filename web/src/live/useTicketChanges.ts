import { useEffect, useRef } from 'react';
import type { LiveTicketChange } from '../api/types';
import { useSession } from '../session/SessionProvider';
import { ReconnectingSocket } from './reconnectingSocket';

/** Changes arriving together (a workflow task's events) make one reload. */
const SETTLE_MS = 150;

/**
 * Watches ticket changes over the messaging socket (status, assignee, SLA state): every ticket's
 * for staff, the user's own tickets' for a requester (the server decides from the token).
 * `onChange` gets each change that `wanted` accepts, settled into one call per burst, and is
 * called after every (re)connect too, since changes may have been missed meanwhile.
 */
export function useTicketChanges(
  onChange: () => void,
  wanted: (change: LiveTicketChange) => boolean = () => true,
): void {
  const { api } = useSession();
  const handlers = useRef({ onChange, wanted });
  useEffect(() => {
    handlers.current = { onChange, wanted };
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => handlers.current.onChange(), SETTLE_MS);
    };
    const socket = new ReconnectingSocket(
      () => api.socketUrl('messaging', '/api/v1/ws'),
      api.socketAuth(),
      {
        open: (send) => send({ type: 'watch' }),
        status: () => undefined,
        message(data) {
          const message = data as { type?: string } & Partial<LiveTicketChange>;
          if (message.type === 'watching') settle();
          else if (
            message.type === 'ticket.changed' &&
            message.ticket &&
            message.event &&
            handlers.current.wanted({ ticket: message.ticket, event: message.event })
          )
            settle();
        },
      },
    );
    return () => {
      clearTimeout(timer);
      socket.close();
    };
  }, [api]);
}
