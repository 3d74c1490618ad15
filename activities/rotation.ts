import type { Knex } from 'knex';
import { nextRoundRobin } from '../domain/assignment';
import type { Person } from '../domain/people';

/** Which rotation of a role a pick advances: step work, or coordinating whole tickets. */
export type RotationDuty = 'step' | 'coordinator';

/**
 * Takes the next of `eligible` in the persisted rotation of (system, role, duty) and moves the
 * cursor past them. The cursor row is locked FOR UPDATE, so any number of workers hand out
 * slots one at a time, and the rotation survives restarts. Call inside the transaction that
 * records the pick. Returns null when nobody is eligible.
 */
export async function takeNextInRotation(
  trx: Knex.Transaction,
  rotation: { system: string; role: string; duty: RotationDuty },
  eligible: Person[],
): Promise<Person | null> {
  if (eligible.length === 0) return null;
  await trx('assignment_cursors').insert(rotation).onConflict(['system', 'role', 'duty']).ignore();
  const cursor = await trx('assignment_cursors')
    .where(rotation)
    .forUpdate()
    .first<{ last_user_id: string | null }>('last_user_id');
  const chosen = nextRoundRobin(eligible, cursor.last_user_id);
  if (!chosen) return null;
  await trx('assignment_cursors')
    .where(rotation)
    .update({ last_user_id: chosen.id, updated_at: trx.fn.now() });
  return chosen;
}
