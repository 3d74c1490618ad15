import type { Knex } from 'knex';
import { BadRequestError, NotFoundError } from '../../domain/errors';

export interface InappNotification {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}

interface Row {
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
}

const toNotification = (row: Row): InappNotification => ({
  id: String(row.id),
  type: row.type,
  title: row.title,
  body: row.body,
  data: row.data,
  read: row.read_at !== null,
  createdAt: row.created_at.toISOString(),
});

function decodeCursor(cursor: string): { unread: boolean; id: string } {
  const match = /^([01])-(\d{1,18})$/.exec(cursor);
  if (!match) throw new BadRequestError('cursor is not one this API returned', 'query.cursor');
  return { unread: match[1] === '1', id: match[2] as string };
}

/** A user's in-app notifications: unread first, newest first, keyset-paginated. */
export async function listInbox(
  db: Knex,
  userId: string,
  page: { limit: number; cursor?: string; unreadOnly: boolean },
): Promise<{ items: InappNotification[]; nextCursor: string | null; unread: number }> {
  const query = db<Row>('inapp_notifications')
    .where({ user_id: userId })
    .orderByRaw('(read_at is null) desc, id desc')
    .limit(page.limit + 1);
  if (page.unreadOnly) void query.whereNull('read_at');
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    void query.whereRaw('((read_at is null), id) < (?, ?::bigint)', [after.unread, after.id]);
  }
  const rows = await query;
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toNotification),
    nextCursor:
      rows.length > page.limit && last ? `${last.read_at === null ? 1 : 0}-${last.id}` : null,
    unread: await unreadCount(db, userId),
  };
}

export async function unreadCount(db: Knex, userId: string): Promise<number> {
  const row = await db('inapp_notifications')
    .where({ user_id: userId })
    .whereNull('read_at')
    .count<{ count: string }>('* as count')
    .first();
  return Number(row?.count ?? 0);
}

/**
 * Marks one notification read (of that user, when named; again is harmless); answers whose it
 * is, or null when there is no such notification.
 */
export async function markNotificationRead(
  db: Knex,
  id: string,
  userId: string | undefined,
): Promise<string | null> {
  const query = db('inapp_notifications').where({ id });
  if (userId !== undefined) void query.where({ user_id: userId });
  const [row] = await query
    .update({ read_at: db.raw('coalesce(read_at, now())') })
    .returning<{ user_id: string }[]>('user_id');
  return row ? row.user_id : null;
}

export async function markRead(db: Knex, userId: string, id: string): Promise<void> {
  if ((await markNotificationRead(db, id, userId)) === null)
    throw new NotFoundError(`no notification ${id}`, 'id');
}

export async function markAllRead(db: Knex, userId: string): Promise<number> {
  return db('inapp_notifications')
    .where({ user_id: userId })
    .whereNull('read_at')
    .update({ read_at: db.fn.now() });
}
