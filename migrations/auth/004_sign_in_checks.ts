import type { Migration } from '../migration';

/**
 * Issue 13 part 7: the clients each user has signed in from (hashes of address + user agent,
 * so a sign-in from a new one alerts the owner), the self-service switch for an e-mailed code at
 * sign-in, and the pending second steps of sign-ins (the code hashed, single use, expiring, with
 * counted attempts and sends).
 */
export const signInChecks: Migration = {
  name: '004_sign_in_checks',
  async up(knex) {
    await knex.schema.alterTable('users', (table) => {
      table.boolean('email_otp_enabled').notNullable().defaultTo(false);
    });
    await knex.schema.createTable('login_clients', (table) => {
      table.bigInteger('user_id').notNullable().references('users.id');
      table.string('client_hash', 64).notNullable();
      table.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['user_id', 'client_hash']);
      table.index(['user_id', 'last_seen_at']);
    });
    await knex.schema.createTable('login_challenges', (table) => {
      table.uuid('id').primary();
      table.bigInteger('user_id').notNullable().references('users.id').index();
      table.text('code_hash').notNullable();
      table.timestamp('expires_at', { useTz: true }).notNullable();
      table.integer('attempts').notNullable().defaultTo(0);
      table.integer('sends').notNullable().defaultTo(1);
      table.timestamp('last_sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('consumed_at', { useTz: true });
      table.timestamp('revoked_at', { useTz: true });
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    await knex.schema.dropTable('login_challenges');
    await knex.schema.dropTable('login_clients');
    await knex.schema.alterTable('users', (table) => {
      table.dropColumn('email_otp_enabled');
    });
  },
};
