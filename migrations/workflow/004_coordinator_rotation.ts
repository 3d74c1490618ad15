import type { Migration } from '../migration';

/**
 * Coordinators rotate like step assignees: the cursor table gains a duty (step work or
 * coordinating), and each ticket's pick is kept by key so a retried pick answers the same person.
 */
export const coordinatorRotation: Migration = {
  name: '004_coordinator_rotation',
  async up(knex) {
    await knex.schema.alterTable('assignment_cursors', (table) => {
      table.dropPrimary();
      table.string('duty', 20).notNullable().defaultTo('step');
    });
    await knex.schema.alterTable('assignment_cursors', (table) => {
      table.primary(['system', 'role', 'duty']);
    });
    await knex.schema.createTable('coordinator_picks', (table) => {
      table.string('pick_key', 300).primary();
      table.string('user_id', 64).notNullable();
      table.string('user_email', 320).notNullable();
      table.string('user_name', 200).notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    await knex.schema.dropTable('coordinator_picks');
    await knex('assignment_cursors').where({ duty: 'coordinator' }).delete();
    await knex.schema.alterTable('assignment_cursors', (table) => {
      table.dropPrimary();
      table.dropColumn('duty');
    });
    await knex.schema.alterTable('assignment_cursors', (table) => {
      table.primary(['system', 'role']);
    });
  },
};
