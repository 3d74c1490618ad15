import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { audit } from './audit';
import { revokeAccessTokens } from './revocations';
import { auditMembership } from './roleMembershipHistory';
import { enqueueSyncEvent } from './syncEvents';
import { findUser } from './users';

/**
 * Systems, roles and user-system-role assignments. Every change writes its sync event and an
 * audit row in the same transaction as the change; taking a role away (or the user's access)
 * also voids the user's access tokens, whose roles claim would otherwise outlive the change.
 */
export class RoleAdmin {
  constructor(private readonly db: Knex) {}

  async systems(): Promise<{ key: string; name: string }[]> {
    return this.db('systems').orderBy('key').select('key', 'name');
  }

  async createSystem(
    actorId: string | null,
    key: string,
    name: string,
  ): Promise<{ key: string; name: string }> {
    await this.db.transaction(async (trx) => {
      if (await trx('systems').where({ key }).first())
        throw new ConflictError(`system ${key} exists`, 'key');
      await trx('systems').insert({ key, name });
      await audit(trx, actorId, 'system.create', key, { name });
    });
    return { key, name };
  }

  async roles(system: string): Promise<string[]> {
    await this.assertSystem(this.db, system);
    return (
      await this.db('roles').where({ system }).orderBy('name').select<{ name: string }[]>('name')
    ).map((r) => r.name);
  }

  async createRole(actorId: string | null, system: string, role: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await this.assertSystem(trx, system);
      if (await trx('roles').where({ system, name: role }).first())
        throw new ConflictError(`role ${role} exists in ${system}`, 'name');
      await trx('roles').insert({ system, name: role });
      await enqueueSyncEvent(trx, 'roleSync', { type: 'role.created', system, role });
      await audit(trx, actorId, 'role.create', `${system}/${role}`);
    });
  }

  async deleteRole(actorId: string | null, system: string, role: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const row = await this.roleRow(trx, system, role);
      const holders = await trx('user_system_roles')
        .where({ role_id: row.id })
        .select<{ user_id: string }[]>('user_id');
      for (const holder of holders) {
        await enqueueSyncEvent(trx, 'userSystemRoleSync', {
          type: 'user_system_role.revoked',
          userId: String(holder.user_id),
          system,
          role,
        });
        await revokeAccessTokens(trx, String(holder.user_id), 'roles');
        await auditMembership(trx, actorId, 'revoked', {
          userId: String(holder.user_id),
          system,
          role,
          reason: 'role deleted',
        });
      }
      await trx('roles').where({ id: row.id }).delete();
      await enqueueSyncEvent(trx, 'roleSync', { type: 'role.deleted', system, role });
      await audit(trx, actorId, 'role.delete', `${system}/${role}`, { holders: holders.length });
    });
  }

  async assign(
    actorId: string | null,
    userId: string,
    system: string,
    role: string,
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await findUser(trx, userId);
      const row = await this.roleRow(trx, system, role);
      const inserted = await trx('user_system_roles')
        .insert({ user_id: userId, role_id: row.id })
        .onConflict(['user_id', 'role_id'])
        .ignore()
        .returning('user_id');
      if (inserted.length === 0) return;
      await enqueueSyncEvent(trx, 'userSystemRoleSync', {
        type: 'user_system_role.assigned',
        userId,
        system,
        role,
      });
      await auditMembership(trx, actorId, 'granted', { userId, system, role });
    });
  }

  async revoke(
    actorId: string | null,
    userId: string,
    system: string,
    role: string,
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await findUser(trx, userId);
      const row = await this.roleRow(trx, system, role);
      const removed = await trx('user_system_roles')
        .where({ user_id: userId, role_id: row.id })
        .delete();
      if (removed === 0)
        throw new NotFoundError(`user ${userId} does not hold ${role} in ${system}`, 'role');
      await enqueueSyncEvent(trx, 'userSystemRoleSync', {
        type: 'user_system_role.revoked',
        userId,
        system,
        role,
      });
      await revokeAccessTokens(trx, userId, 'roles');
      await auditMembership(trx, actorId, 'revoked', { userId, system, role });
    });
  }

  /**
   * Deactivated users cannot sign in, refresh, or be assigned; their sessions end at once: refresh
   * tokens revoked, access tokens voided (sockets closed within the services' poll interval).
   */
  async setActive(actorId: string | null, userId: string, active: boolean): Promise<void> {
    await this.db.transaction(async (trx) => {
      const user = await findUser(trx, userId);
      if (user.active === active) return;
      await trx('users').where({ id: userId }).update({ active, updated_at: trx.fn.now() });
      if (!active) {
        await trx('refresh_tokens')
          .where({ user_id: userId })
          .whereNull('revoked_at')
          .update({ revoked_at: trx.fn.now() });
        await revokeAccessTokens(trx, userId, 'deactivated');
      }
      await enqueueSyncEvent(trx, 'userSystemRoleSync', {
        type: active ? 'user.activated' : 'user.deactivated',
        userId,
      });
      await audit(trx, actorId, active ? 'user.activate' : 'user.deactivate', userId);
    });
  }

  private async assertSystem(db: Knex, system: string): Promise<void> {
    if (!(await db('systems').where({ key: system }).first()))
      throw new NotFoundError(`no system ${system}`, 'system');
  }

  private async roleRow(db: Knex, system: string, role: string): Promise<{ id: string }> {
    await this.assertSystem(db, system);
    const row = await db('roles')
      .where({ system, name: role })
      .first<{ id: string } | undefined>('id');
    if (!row) throw new NotFoundError(`no role ${role} in ${system}`, 'role');
    return row;
  }
}
