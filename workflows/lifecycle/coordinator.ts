import { patched } from '@temporalio/workflow';
import type { Person } from '../../domain/people';
import type { LifecycleProxies } from './proxies';
import type { LifecycleState } from './state';

/**
 * Marks runs of generation 1 or 2 that picked a coordinator from the rotation (generation 3 always
 * does); older picks replay as they were made.
 */
export const COORDINATOR_ROTATION_PATCH = 'coordinator-round-robin';

/**
 * The ticket's coordinator: the next active holder of the definition's coordinator role in the
 * persisted rotation, skipping `exclude` (someone who just lost the role). Each pick has its own
 * key, so a retried pick answers the same person. From generation 4 the pick reads the holders
 * itself; before, they are fetched first.
 */
export async function chooseCoordinator(
  { store, generation }: Pick<LifecycleProxies, 'store' | 'generation'>,
  state: LifecycleState,
  exclude: string[],
): Promise<Person | null> {
  const spec = state.definition?.spec;
  if (!spec) return null;
  const members =
    generation >= 4
      ? undefined
      : await store.listRoleMembers({ system: spec.system, role: spec.coordinatorRole });
  if (members && generation < 3 && !patched(COORDINATOR_ROTATION_PATCH)) {
    const candidates = members.filter((member) => !exclude.includes(member.id));
    return candidates[state.ticket.number.length % candidates.length] ?? null;
  }
  state.coordinatorPicks = (state.coordinatorPicks ?? 0) + 1;
  return store.chooseCoordinator({
    pickKey: `${state.ticket.number}:coordinator:${state.coordinatorPicks}`,
    system: spec.system,
    role: spec.coordinatorRole,
    ...(members ? { candidates: members } : {}),
    excludeUserIds: exclude,
  });
}
