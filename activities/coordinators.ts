import type { Person } from '../domain/people';
import { takeNextInRotation } from './rotation';
import { personOf, type PickedPersonRow, type TaskStoreDeps } from './tasks';

/** The ticket coordinator: one per ticket, handed out round-robin over the coordinator role. */
export function createCoordinatorActivities({ workflowDb: db, directory }: TaskStoreDeps) {
  return {
    /**
     * The next active holder of the coordinator role in the persisted rotation (skipping
     * `excludeUserIds`), or null when there is none. Idempotent by pickKey: a retried or replayed
     * pick answers what the first one chose and does not move the rotation again.
     */
    async chooseCoordinator(input: {
      pickKey: string;
      system: string;
      role: string;
      /** The role's holders as the workflow fetched them (generations 1–3); else read here. */
      candidates?: Person[];
      excludeUserIds: string[];
    }): Promise<Person | null> {
      const candidates = input.candidates ?? (await directory.members(input.system, input.role));
      return db.transaction(async (trx) => {
        const existing = await trx('coordinator_picks')
          .where({ pick_key: input.pickKey })
          .first<PickedPersonRow | undefined>();
        if (existing) return personOf(existing);
        const eligible = candidates.filter((c) => !input.excludeUserIds.includes(c.id));
        const chosen = await takeNextInRotation(
          trx,
          { system: input.system, role: input.role, duty: 'coordinator' },
          eligible,
        );
        if (!chosen) return null;
        await trx('coordinator_picks').insert({
          pick_key: input.pickKey,
          user_id: chosen.id,
          user_email: chosen.email,
          user_name: chosen.name,
        });
        return chosen;
      });
    },
  };
}

export type CoordinatorActivities = ReturnType<typeof createCoordinatorActivities>;
