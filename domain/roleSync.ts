/**
 * Events the auth service publishes on tts.role.sync and tts.user_system_role.sync. `id` is a
 * dedupe key: consumers apply each id once, in any order of redelivery.
 */
export interface RoleSyncEvent {
  id: string;
  type: 'role.created' | 'role.updated' | 'role.deleted';
  system: string;
  role: string;
  occurredAt: string;
}

export interface UserSystemRoleSyncEvent {
  id: string;
  type:
    | 'user_system_role.assigned'
    | 'user_system_role.revoked'
    | 'user.deactivated'
    | 'user.activated';
  userId: string;
  /** Absent for user.deactivated / user.activated, which concern every system. */
  system?: string;
  role?: string;
  occurredAt: string;
}
