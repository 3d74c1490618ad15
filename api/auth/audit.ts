import type { Knex } from 'knex';

/** Records an admin action: who did what to which target. */
export async function audit(
  db: Knex,
  actorId: string | null,
  action: string,
  target: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db('audit_log').insert({
    actor_id: actorId,
    action,
    target,
    details: JSON.stringify(details),
  });
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  target: string;
  details: unknown;
  at: string;
}

/** The latest admin actions, newest first. */
export async function auditLog(db: Knex, limit: number): Promise<AuditEntry[]> {
  const rows = await db('audit_log').orderBy('id', 'desc').limit(limit);
  return rows.map((row: Record<string, unknown>) => ({
    id: String(row.id),
    actorId: row.actor_id as string | null,
    action: row.action as string,
    target: row.target as string,
    details: row.details,
    at: (row.created_at as Date).toISOString(),
  }));
}
