/** Who is calling, as proven by a verified access token. */
export type SystemRoles = Record<string, string[]>;

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  /** Role names per system, e.g. { tts: ['agent', 'IT Support'], hdts: ['requester'] }. */
  roles: SystemRoles;
  /** The token's iat and exp (seconds since the epoch): revocations and socket expiry use them. */
  issuedAt: number;
  expiresAt: number;
}

export interface ServicePrincipal {
  kind: 'service';
  service: string;
  scopes: string[];
}

export type Principal = UserPrincipal | ServicePrincipal;

export const TOKEN_ISSUER = 'helpdesk-auth';
export const TOKEN_AUDIENCE = 'helpdesk';
export const DEFAULT_SYSTEM = 'tts';

export { SERVICE_SCOPES, type ServiceScope } from '../../../domain/serviceScopes';

export function hasRole(principal: Principal, system: string, ...roles: string[]): boolean {
  return principal.kind === 'user' && roles.some((role) => principal.roles[system]?.includes(role));
}

/** Staff: anyone holding a role in the system other than requester (agents, admins, custom roles). */
export function isStaff(principal: Principal, system: string): boolean {
  return principal.kind === 'user' && holdsStaffRole(principal.roles, system);
}

/** Whether these roles make their holder staff of the system (see isStaff). */
export function holdsStaffRole(roles: SystemRoles, system: string): boolean {
  return (roles[system] ?? []).some((role) => role !== 'requester');
}
