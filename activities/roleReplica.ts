import type { Knex } from 'knex';
import type { Person } from '../domain/people';

/** How long a filled set is trusted without an announced change (covers name and e-mail edits). */
export const ROLE_REPLICA_MAX_AGE_MS = 60_000;

interface SetRow {
  generation: string;
  fresh: boolean;
}

interface MemberRow {
  user_id: string;
  user_email: string;
  user_name: string;
}

/**
 * The workflow service's replica of role membership (tables `role_member_sets`, `role_members`).
 * A set is filled from auth on first use and read locally after that; the sync consumers drop it
 * when auth announces a change, and it is refilled when older than `maxAgeMs`. Dropping bumps the
 * set's generation, so a fill that fetched before the change does not store the old answer.
 */
export class RoleMemberReplica {
  constructor(
    private readonly db: Knex,
    private readonly maxAgeMs = ROLE_REPLICA_MAX_AGE_MS,
  ) {}

  /** The active holders of `role` in `system`, in auth's stable order. */
  async members(system: string, role: string, fetch: () => Promise<Person[]>): Promise<Person[]> {
    const set = await this.readSet(system, role);
    if (set?.fresh) {
      const rows = await this.db('role_members')
        .where({ system, role })
        .orderBy('position')
        .select<MemberRow[]>('user_id', 'user_email', 'user_name');
      return rows.map((row) => ({ id: row.user_id, email: row.user_email, name: row.user_name }));
    }
    if (!set) {
      await this.db('role_member_sets').insert({ system, role }).onConflict().ignore();
    }
    const generation = set?.generation ?? (await this.readSet(system, role))?.generation ?? '0';
    const fetched = await fetch();
    await this.store(system, role, generation, fetched);
    return fetched;
  }

  /** Forgets one role's holders (a user gained or lost it, or the role changed). */
  async dropRole(system: string, role: string): Promise<void> {
    await this.drop(this.db('role_member_sets').where({ system, role }));
  }

  /** Forgets every set `userId` is in (the user was deactivated). */
  async dropSetsOf(userId: string): Promise<void> {
    await this.drop(
      this.db('role_member_sets').whereIn(
        ['system', 'role'],
        this.db('role_members').distinct('system', 'role').where({ user_id: userId }),
      ),
    );
  }

  /** Forgets everything (a user came back and may hold any role again). */
  async dropAll(): Promise<void> {
    await this.drop(this.db('role_member_sets'));
  }

  private async drop(sets: Knex.QueryBuilder): Promise<void> {
    await this.db.transaction(async (trx) => {
      const dropped = await sets
        .clone()
        .transacting(trx)
        .update({ generation: trx.raw('generation + 1'), filled_at: null })
        .returning<{ system: string; role: string }[]>(['system', 'role']);
      if (dropped.length === 0) return;
      await trx('role_members')
        .whereIn(
          ['system', 'role'],
          dropped.map(({ system, role }) => [system, role]),
        )
        .delete();
    });
  }

  private async readSet(system: string, role: string): Promise<SetRow | undefined> {
    return this.db('role_member_sets')
      .where({ system, role })
      .first<SetRow | undefined>(
        'generation',
        this.db.raw('coalesce(filled_at > now() - make_interval(secs => ?), false) as fresh', [
          this.maxAgeMs / 1000,
        ]),
      );
  }

  private async store(
    system: string,
    role: string,
    generation: string,
    members: Person[],
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      const current = await trx('role_member_sets')
        .where({ system, role, generation })
        .update({ filled_at: trx.fn.now() });
      if (current === 0) return; // dropped while we fetched: the next read fills again
      await trx('role_members').where({ system, role }).delete();
      if (members.length === 0) return;
      await trx('role_members').insert(
        members.map((member, position) => ({
          system,
          role,
          position,
          user_id: member.id,
          user_email: member.email,
          user_name: member.name,
        })),
      );
    });
  }
}
