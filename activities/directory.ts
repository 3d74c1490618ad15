import type { ServiceHttpClient } from '../infra/http/serviceClient';
import type { Person } from '../workflows/messages';

export interface DirectoryDeps {
  auth: ServiceHttpClient;
}

/** Activities on the auth API: who holds a role in a system. */
export function createDirectoryActivities({ auth }: DirectoryDeps) {
  return {
    async listRoleMembers(input: { system: string; role: string }): Promise<Person[]> {
      const { items } = await auth.get<{ items: Person[] }>(
        `/api/v1/roles/${encodeURIComponent(input.role)}/users?system=${encodeURIComponent(input.system)}`,
      );
      return items.map(({ id, email, name }) => ({ id: String(id), email, name }));
    },
  };
}

export type DirectoryActivities = ReturnType<typeof createDirectoryActivities>;
