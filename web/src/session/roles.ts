/** The helpdesk's system in the auth service; roles elsewhere do not count here. */
export const SYSTEM = 'tts';

export interface Roles {
  names: string[];
  isAdmin: boolean;
  /** Any role but requester: agents, coordinators, managers, admins. */
  isStaff: boolean;
}

export function rolesOf(names: string[]): Roles {
  return {
    names,
    isAdmin: names.includes('admin'),
    isStaff: names.some((name) => name !== 'requester'),
  };
}

/** Where a user lands after signing in: the queue for agents, the dashboard for admins. */
export function homeOf(roles: Roles): string {
  if (roles.isAdmin) return '/admin';
  if (roles.isStaff) return '/tasks';
  return '/tickets';
}
