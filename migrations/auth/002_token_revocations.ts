import type { Migration } from '../migration';

/**
 * Per user, "access tokens issued before `revoked_before` are void" (deactivation, a removed
 * role). `updated_at` is the cursor services poll with; one row per user, moved forward only.
 */
export const tokenRevocations: Migration = {
  name: '002_token_revocations',
  async up(knex) {
    await knex.schema.createTable('token_revocations', (table) => {
      table.bigInteger('user_id').primary().references('users.id');
      table.timestamp('revoked_before', { useTz: true }).notNullable();
      table.string('reason', 20).notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['updated_at']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('token_revocations');
  },
};
