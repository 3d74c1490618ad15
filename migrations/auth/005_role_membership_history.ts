import type { Migration } from '../migration';

/**
 * Issue 15 part 4: role membership history. Grants and revocations now carry whom, which system
 * and which role in their audit details; rows written before only had them in the target
 * (`<userId>:<system>/<role>`: a user id has no `:`, a system key no `/`), so they are read back
 * from it. The index serves the history's newest-first pages of those two actions.
 */
export const roleMembershipHistory: Migration = {
  name: '005_role_membership_history',
  async up(knex) {
    await knex.raw(`
      update audit_log
         set details = details || jsonb_build_object(
               'userId', split_part(target, ':', 1),
               'system', split_part(substr(target, strpos(target, ':') + 1), '/', 1),
               'role', substr(target, strpos(target, '/') + 1))
       where action in ('user_system_role.assign', 'user_system_role.revoke')
         and details->>'userId' is null
         and strpos(target, ':') > 0
         and strpos(target, '/') > strpos(target, ':')`);
    await knex.schema.alterTable('audit_log', (table) => {
      table.index(['action', 'id'], 'audit_log_action_id');
    });
  },
  async down(knex) {
    await knex.schema.alterTable('audit_log', (table) => {
      table.dropIndex(['action', 'id'], 'audit_log_action_id');
    });
  },
};
