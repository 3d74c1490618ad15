import type { Knex } from 'knex';
import type { ServiceHttpClient } from '../infra/http/serviceClient';
import type { Person } from '../domain/people';
import { RoleMemberReplica } from './roleReplica';

export interface DirectoryDeps {
  auth: ServiceHttpClient;
  workflowDb: Knex;
}

/** Who holds a role in a system: the workflow service's replica, filled from the auth API. */
export interface RoleDirectory {
  members(system: string, role: string): Promise<Person[]>;
}

export function createRoleDirectory({ auth, workflowDb }: DirectoryDeps): RoleDirectory {
  const replica = new RoleMemberReplica(workflowDb);
  const fromAuth = async (system: string, role: string): Promise<Person[]> => {
    const { items } = await auth.get<{ items: Person[] }>(
      `/api/v1/roles/${encodeURIComponent(role)}/users?system=${encodeURIComponent(system)}`,
    );
    return items.map(({ id, email, name }) => ({ id: String(id), email, name }));
  };
  return {
    members: (system, role) => replica.members(system, role, () => fromAuth(system, role)),
  };
}

/** Activities on role membership. */
export function createDirectoryActivities({ directory }: { directory: RoleDirectory }) {
  return {
    async listRoleMembers(input: { system: string; role: string }): Promise<Person[]> {
      return directory.members(input.system, input.role);
    },
  };
}

export type DirectoryActivities = ReturnType<typeof createDirectoryActivities>;
