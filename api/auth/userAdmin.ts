import type { Knex } from 'knex';
import { ConflictError } from '../../domain/errors';
import { audit } from './audit';
import { RoleAdmin } from './roles';
import { findUser, findUserByEmail, toUserView, type UserRow, type UserView } from './users';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  roles: { system: string; role: string }[];
}

/**
 * Creates a user with their roles in one transaction: an unknown role leaves no user behind, and
 * two admins adding the same address at once get one user and one 409.
 */
export async function createUserWithRoles(
  db: Knex,
  actorId: string,
  user: NewUser,
): Promise<UserRow> {
  const exists = () => new ConflictError('an account with this email exists', 'body.email');
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(lower(?)))', [user.email]);
    if (await findUserByEmail(trx, user.email)) throw exists();
    const [row] = await trx('users')
      .insert({ email: user.email, name: user.name, password_hash: user.passwordHash })
      .returning<UserRow[]>('*');
    const created = row as UserRow;
    await audit(trx, actorId, 'user.create', String(created.id), { email: user.email });
    const roles = new RoleAdmin(trx);
    for (const { system, role } of user.roles) {
      await roles.assign(actorId, String(created.id), system, role);
    }
    return created;
  });
}

export interface UserListQuery {
  q?: string | undefined;
  limit: number;
  /** Keyset: users after this id. */
  after?: string | undefined;
}

/** Users by id, optionally those whose email or name contains `q`. */
export async function listUsers(db: Knex, query: UserListQuery): Promise<UserView[]> {
  const rows = db<UserRow>('users').orderBy('id').limit(query.limit);
  const q = query.q;
  if (q)
    void rows.where((w) => void w.whereILike('email', `%${q}%`).orWhereILike('name', `%${q}%`));
  if (query.after) void rows.where('id', '>', query.after);
  const users = await rows;
  return Promise.all(users.map((user) => toUserView(db, user)));
}

/** An admin renames and/or (de)activates a user; both are audited. */
export async function updateUser(
  db: Knex,
  roles: RoleAdmin,
  actorId: string,
  id: string,
  change: { name?: string | undefined; active?: boolean | undefined },
): Promise<UserView> {
  await findUser(db, id);
  if (change.name !== undefined) {
    await db('users').where({ id }).update({ name: change.name, updated_at: db.fn.now() });
    await audit(db, actorId, 'user.update', id, { name: change.name });
  }
  if (change.active !== undefined) await roles.setActive(actorId, id, change.active);
  return toUserView(db, await findUser(db, id));
}
