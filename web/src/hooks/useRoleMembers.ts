import { useCallback } from 'react';
import type { Page, Person } from '../api/types';
import { useSession } from '../session/SessionProvider';
import { SYSTEM } from '../session/roles';
import { useResource, type Resource } from './useResource';

/** Active holders of a role: who a task can be transferred or reassigned to. */
export function useRoleMembers(role: string | null): Resource<Page<Person>> {
  const { api } = useSession();
  const load = useCallback(
    () =>
      role
        ? api.request<Page<Person>>('auth', `/api/v1/roles/${encodeURIComponent(role)}/users`, {
            query: { system: SYSTEM },
          })
        : Promise.resolve({ items: [] }),
    [api, role],
  );
  return useResource(load);
}
