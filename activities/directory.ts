import type { Knex } from 'knex';
import type { ServiceHttpClient } from '../infra/http/serviceClient';
import type { Person } from '../workflows/messages';
import { RoleMemberReplica } from './roleReplica';

export interface DirectoryDeps {
  auth: ServiceHttpClient;
  workflowDb: Knex;
}

/** Activities on role membership: the workflow service's replica, filled from the auth API. */
export function createDirectoryActivities({ auth, workflowDb }: DirectoryDeps) {
  const replica = new RoleMemberReplica(workflowDb);
  const fromAuth = async (system: string, role: string): Promise<Person[]> => {
    const { items } = await auth.get<{ items: Person[] }>(
      `/api/v1/roles/${encodeURIComponent(role)}/users?system=${encodeURIComponent(system)}`,
    );
    return items.map(({ id, email, name }) => ({ id: String(id), email, name }));
  };
  return {
    async listRoleMembers(input: { system: string; role: string }): Promise<Person[]> {
      return replica.members(input.system, input.role, () => fromAuth(input.system, input.role));
    },
  };
}

export type DirectoryActivities = ReturnType<typeof createDirectoryActivities>;
