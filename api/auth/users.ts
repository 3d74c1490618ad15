import type { Knex } from 'knex';
import { NotFoundError } from '../../domain/errors';
import type { SystemRoles } from '../shared/auth/principal';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  active: boolean;
  email_otp_enabled: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  active: boolean;
  roles: SystemRoles;
  /** Two-step sign-in: a code mailed at every sign-in. */
  emailOtpEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export async function findUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').whereRaw('lower(email) = lower(?)', [email]).first();
}

/** The active users among these (lower-case) addresses; unknown addresses are left out. */
export async function activeUsersByEmail(db: Knex, emails: string[]): Promise<UserRow[]> {
  return db<UserRow>('users')
    .whereRaw('lower(email) = any(?::text[])', [emails])
    .where({ active: true })
    .orderBy('id');
}

export async function findUser(db: Knex, id: string): Promise<UserRow> {
  if (!/^\d{1,18}$/.test(id)) throw new NotFoundError(`no user ${id}`, 'id');
  const user = await db<UserRow>('users').where({ id }).first();
  if (!user) throw new NotFoundError(`no user ${id}`, 'id');
  return user;
}

/** Role names per system for the user: the JWT's roles claim. */
export async function rolesOf(db: Knex, userId: string): Promise<SystemRoles> {
  const rows = await db('user_system_roles as usr')
    .join('roles as r', 'r.id', 'usr.role_id')
    .where('usr.user_id', userId)
    .orderBy(['r.system', 'r.name'])
    .select<{ system: string; name: string }[]>('r.system', 'r.name');
  const roles: SystemRoles = {};
  for (const row of rows) (roles[row.system] ??= []).push(row.name);
  for (const names of Object.values(roles)) names.sort((a, b) => a.localeCompare(b, 'en'));
  return roles;
}

export async function toUserView(db: Knex, user: UserRow): Promise<UserView> {
  return {
    id: String(user.id),
    email: user.email,
    name: user.name,
    active: user.active,
    roles: await rolesOf(db, String(user.id)),
    emailOtpEnabled: user.email_otp_enabled,
    createdAt: user.created_at.toISOString(),
    lastLoginAt: user.last_login_at?.toISOString() ?? null,
  };
}

/** Active users holding the role in the system, in a stable order (by id): assignment candidates. */
export async function roleMembers(
  db: Knex,
  system: string,
  role: string,
): Promise<{ id: string; email: string; name: string }[]> {
  const rows = await db('users as u')
    .join('user_system_roles as usr', 'usr.user_id', 'u.id')
    .join('roles as r', 'r.id', 'usr.role_id')
    .where({ 'r.system': system, 'r.name': role, 'u.active': true })
    .orderBy('u.id')
    .select<{ id: string; email: string; name: string }[]>('u.id', 'u.email', 'u.name');
  return rows.map((row) => ({ id: String(row.id), email: row.email, name: row.name }));
}
