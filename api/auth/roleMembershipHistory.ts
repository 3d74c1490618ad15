import type { Knex } from 'knex';
import { audit } from './audit';

/** The audit actions of role membership: a user given a role, or one taken away. */
export const MEMBERSHIP_ACTIONS = {
  granted: 'user_system_role.assign',
  revoked: 'user_system_role.revoke',
} as const;
export type MembershipChange = keyof typeof MEMBERSHIP_ACTIONS;

/**
 * Records a change of a user's roles: who (actor), whom, which role of which system, and why
 * when it was not asked for directly (a deleted role takes itself from its holders).
 */
export async function auditMembership(
  db: Knex,
  actorId: string | null,
  change: MembershipChange,
  membership: { userId: string; system: string; role: string; reason?: string },
): Promise<void> {
  const { userId, system, role } = membership;
  await audit(db, actorId, MEMBERSHIP_ACTIONS[change], `${userId}:${system}/${role}`, membership);
}

export interface MembershipFilter {
  userId?: string;
  system?: string;
  role?: string;
  before?: string;
  limit: number;
}

interface Person {
  id: string;
  name: string;
  email: string;
}

export interface MembershipEntry {
  id: string;
  at: string;
  change: MembershipChange;
  system: string;
  role: string;
  user: Person;
  actor: Person | null;
  reason: string | null;
}

interface MembershipRow {
  id: string;
  created_at: Date;
  action: string;
  system: string;
  role: string;
  reason: string | null;
  user_id: string;
  user_name: string | null;
  user_email: string | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
}

const person = (id: string, name: string | null, email: string | null): Person => ({
  id,
  name: name ?? `user ${id}`,
  email: email ?? '',
});

/** Role grants and revocations, newest first, with the names of both people; keyset pages. */
export async function membershipHistory(
  db: Knex,
  filter: MembershipFilter,
): Promise<{ items: MembershipEntry[]; nextBefore: string | null }> {
  const query = db('audit_log as a')
    .whereIn('a.action', Object.values(MEMBERSHIP_ACTIONS))
    .leftJoin('users as u', (on) => on.on(db.raw("u.id::text = a.details->>'userId'")))
    .leftJoin('users as actor', (on) => on.on(db.raw('actor.id::text = a.actor_id')))
    .select<MembershipRow[]>(
      'a.id',
      'a.created_at',
      'a.action',
      db.raw("a.details->>'system' as system"),
      db.raw("a.details->>'role' as role"),
      db.raw("a.details->>'reason' as reason"),
      db.raw("a.details->>'userId' as user_id"),
      'u.name as user_name',
      'u.email as user_email',
      'a.actor_id',
      'actor.name as actor_name',
      'actor.email as actor_email',
    )
    .orderBy('a.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.userId) void query.whereRaw("a.details->>'userId' = ?", [filter.userId]);
  if (filter.system) void query.whereRaw("a.details->>'system' = ?", [filter.system]);
  if (filter.role) void query.whereRaw("a.details->>'role' = ?", [filter.role]);
  if (filter.before) void query.where('a.id', '<', filter.before);
  const rows = await query;
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: String(row.id),
      at: row.created_at.toISOString(),
      change: row.action === MEMBERSHIP_ACTIONS.granted ? 'granted' : 'revoked',
      system: row.system,
      role: row.role,
      user: person(row.user_id, row.user_name, row.user_email),
      actor: row.actor_id ? person(row.actor_id, row.actor_name, row.actor_email) : null,
      reason: row.reason,
    })),
    nextBefore: rows.length > filter.limit && last ? String(last.id) : null,
  };
}
