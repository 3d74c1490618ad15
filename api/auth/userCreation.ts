import type { Knex } from 'knex';
import { ConflictError } from '../../domain/errors';
import { audit } from './audit';
import { RoleAdmin } from './roles';
import { findUserByEmail, type UserRow } from './users';

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
