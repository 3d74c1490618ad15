import { useCallback, useEffect, useState } from 'react';
import type { InappNotification, Page } from '../api/types';
import { useSession } from '../session/SessionProvider';
import { ReconnectingSocket } from './reconnectingSocket';

export interface Notifications {
  unread: number;
  recent: InappNotification[];
  markAllRead: () => Promise<void>;
  markRead: (id: string) => Promise<void>;
}

/** The signed-in user's in-app notifications: the unread count and newest ones, pushed live. */
export function useNotifications(): Notifications {
  const { api } = useSession();
  const [unread, setUnread] = useState(0);
  const [recent, setRecent] = useState<InappNotification[]>([]);

  const load = useCallback(async () => {
    const [count, page] = await Promise.all([
      api.request<{ unread: number }>('notification', '/api/v1/notifications/unread-count'),
      api.request<Page<InappNotification>>('notification', '/api/v1/notifications', {
        query: { limit: 10 },
      }),
    ]);
    setUnread(count.unread);
    setRecent(page.items);
  }, [api]);

  useEffect(() => {
    const socket = new ReconnectingSocket(
      () => api.socketUrl('notification', '/api/v1/notifications/ws'),
      api.socketAuth(),
      {
        open: () => void load().catch(() => undefined),
        status: () => undefined,
        message(data) {
          const message = data as { type: string; notification?: InappNotification };
          if (message.type === 'notification.read') {
            void load().catch(() => undefined);
            return;
          }
          const created = message.notification;
          if (message.type !== 'notification.created' || !created) return;
          setUnread((n) => n + 1);
          setRecent((current) =>
            [created, ...current.filter((n) => n.id !== created.id)].slice(0, 10),
          );
        },
      },
    );
    return () => socket.close();
  }, [api, load]);

  const markAllRead = useCallback(async () => {
    await api.request('notification', '/api/v1/notifications/read-all', { method: 'POST' });
    await load();
  }, [api, load]);

  const markRead = useCallback(
    async (id: string) => {
      await api.request('notification', `/api/v1/notifications/${id}/read`, { method: 'POST' });
      await load();
    },
    [api, load],
  );

  return { unread, recent, markAllRead, markRead };
}
