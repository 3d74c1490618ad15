import type { ServiceHttpClient } from '../../infra/http/serviceClient';
import type { SystemRoles } from '../shared/auth/principal';

/** A platform user an @mention may name. */
export interface MentionedUser {
  id: string;
  email: string;
  name: string;
  roles: SystemRoles;
}

/** Who the platform's users are, by address: the auth directory. */
export interface PeopleDirectory {
  /** The active users among these lower-case addresses (at most 10); others are left out. */
  usersByEmail(emails: string[]): Promise<MentionedUser[]>;
}

/** Asks the auth service's directory (as this service). */
export function httpPeopleDirectory(auth: ServiceHttpClient): PeopleDirectory {
  return {
    async usersByEmail(emails) {
      const { items } = await auth.post<{ items: MentionedUser[] }>('/api/v1/users/lookup', {
        emails,
      });
      return items;
    },
  };
}
