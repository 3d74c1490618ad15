/** Scopes service tokens carry for internal endpoints (what a service API key may be given). */
export const SERVICE_SCOPES = [
  'users:read',
  'tickets:write',
  'tasks:write',
  'comments:write',
  'notifications:write',
] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];
