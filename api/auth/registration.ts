import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { DEFAULT_SYSTEM } from '../shared/auth/principal';
import type { AccountMail } from './accountMail';
import { assertStrongEnough, type PasswordHasher } from './passwords';
import { auditMembership } from './roleMembershipHistory';
import { findUserByEmail, type UserRow } from './users';

export interface RegistrationDeps {
  db: Knex;
  passwords: PasswordHasher;
  mail: AccountMail;
  webUrl: string;
}

export interface Registrant {
  email: string;
  name: string;
  password: string;
}

/**
 * Self-registration of requesters that never tells whether an address has an account: a new
 * address gets its account, an existing one is left alone and its owner is mailed (within the
 * mail limits) that someone tried; the caller sees the same either way, and both paths hash the
 * password, so timing tells little either.
 */
export class Registration {
  constructor(private readonly deps: RegistrationDeps) {}

  async register(registrant: Registrant, clientAddress: string): Promise<void> {
    const { db, mail } = this.deps;
    assertStrongEnough(registrant.password, 'body.password');
    await mail.admit('registration', clientAddress);
    const passwordHash = await this.deps.passwords.hash(registrant.password);
    if (await this.create(registrant, passwordHash)) return;
    if (!(await mail.mayMail('registration', registrant.email))) return;
    const owner = await findUserByEmail(db, registrant.email);
    if (!owner?.active) return;
    await mail.send(`registration-attempt:${randomUUID()}`, 'registration_attempt', owner, {
      signInUrl: `${this.deps.webUrl}/login`,
      resetUrl: `${this.deps.webUrl}/forgot-password`,
    });
  }

  /** Creates the requester; false when the address already has an account (even a racing one). */
  private async create(registrant: Registrant, passwordHash: string): Promise<boolean> {
    return this.deps.db.transaction(async (trx) => {
      const [row] = await trx('users')
        .insert({ email: registrant.email, name: registrant.name, password_hash: passwordHash })
        .onConflict()
        .ignore()
        .returning<Pick<UserRow, 'id'>[]>('id');
      if (!row) return false;
      const role = await trx('roles')
        .where({ system: DEFAULT_SYSTEM, name: 'requester' })
        .first<{ id: string } | undefined>('id');
      if (!role) return true;
      await trx('user_system_roles').insert({ user_id: row.id, role_id: role.id });
      const userId = String(row.id);
      await auditMembership(trx, userId, 'granted', {
        userId,
        system: DEFAULT_SYSTEM,
        role: 'requester',
        reason: 'self-registration',
      });
      return true;
    });
  }
}
