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
