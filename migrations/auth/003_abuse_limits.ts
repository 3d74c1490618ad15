import type { Migration } from '../migration';

/**
 * Abuse limits (issue 12): one table of fixed-window counters for every limit the auth service
 * keeps (sign-in failures per account and address, mails per recipient, requests per address),
 * replacing login_failures whose counts are only minutes old; reset tokens learn when they were
 * issued and revoked, so a new one can revoke the older ones.
 */
export const abuseLimits: Migration = {
  name: '003_abuse_limits',
  async up(knex) {
    await knex.schema.createTable('rate_counters', (table) => {
      table.text('key').primary();
      table.integer('hits').notNullable();
      table.timestamp('window_started_at', { useTz: true }).notNullable().index();
    });
    await knex.schema.dropTable('login_failures');
    await knex.schema.alterTable('password_resets', (table) => {
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('revoked_at', { useTz: true });
      table.index(['user_id']);
    });
  },
  async down(knex) {
    await knex.schema.alterTable('password_resets', (table) => {
      table.dropIndex(['user_id']);
      table.dropColumn('revoked_at');
      table.dropColumn('created_at');
    });
    await knex.schema.createTable('login_failures', (table) => {
      table.string('key', 400).primary();
      table.integer('failures').notNullable();
      table.timestamp('window_started_at', { useTz: true }).notNullable();
    });
    await knex.schema.dropTable('rate_counters');
  },
};
