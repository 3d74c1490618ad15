import type { Migration } from '../migration';

/**
 * The workflow service's copy of who holds each role, so assignment reads its own database instead
 * of asking auth for every ticket. A set is filled from auth on first use and dropped again when
 * tts.user_system_role.sync / tts.role.sync announce a change to it (or when it grows old);
 * `generation` tells a fill that raced with such a drop not to store what it fetched.
 */
export const roleMemberReplica: Migration = {
  name: '005_role_member_replica',
  async up(knex) {
    await knex.schema.createTable('role_member_sets', (table) => {
      table.string('system', 50).notNullable();
      table.string('role', 200).notNullable();
      table.bigInteger('generation').notNullable().defaultTo(0);
      table.timestamp('filled_at', { useTz: true });
      table.primary(['system', 'role']);
    });
    await knex.schema.createTable('role_members', (table) => {
      table.string('system', 50).notNullable();
      table.string('role', 200).notNullable();
      table.integer('position').notNullable();
      table.string('user_id', 64).notNullable();
      table.string('user_email', 320).notNullable();
      table.string('user_name', 200).notNullable();
      table.primary(['system', 'role', 'position']);
      table
        .foreign(['system', 'role'])
        .references(['system', 'role'])
        .inTable('role_member_sets')
        .onDelete('CASCADE');
      table.index(['user_id']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('role_members');
    await knex.schema.dropTable('role_member_sets');
  },
};
