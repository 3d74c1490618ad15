import type { Migration } from '../migration';

/** Which request each client idempotency key first came with (actions and overrides). */
export const idempotentRequests: Migration = {
  name: '003_idempotent_requests',
  async up(knex) {
    await knex.schema.createTable('idempotent_requests', (table) => {
      table.string('key', 400).primary();
      table.string('request_sha256', 64).notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    await knex.schema.dropTable('idempotent_requests');
  },
};
