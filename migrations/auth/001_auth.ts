import type { Migration } from '../migration';

/**
 * Users, systems, roles and assignments; hashed refresh tokens in families; password resets;
 * signing keys (JWKS); service API keys; the role-sync outbox; login failure counters; audit log.
 */
export const auth: Migration = {
  name: '001_auth',
  async up(knex) {
    await knex.schema.createTable('users', (table) => {
      table.bigIncrements('id');
      table.string('email', 320).notNullable();
      table.string('name', 200).notNullable();
      table.text('password_hash').notNullable();
      table.boolean('active').notNullable().defaultTo(true);
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('last_login_at', { useTz: true });
    });
    await knex.raw('create unique index users_email on users (lower(email))');
    await knex.schema.createTable('systems', (table) => {
      table.string('key', 50).primary();
      table.string('name', 200).notNullable();
    });
    await knex.schema.createTable('roles', (table) => {
      table.bigIncrements('id');
      table.string('system', 50).notNullable().references('systems.key');
      table.string('name', 200).notNullable();
      table.unique(['system', 'name']);
    });
    await knex.schema.createTable('user_system_roles', (table) => {
      table.bigInteger('user_id').notNullable().references('users.id');
      table.bigInteger('role_id').notNullable().references('roles.id').onDelete('CASCADE');
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['user_id', 'role_id']);
      table.index(['role_id', 'user_id']);
    });
    await knex.schema.createTable('refresh_tokens', (table) => {
      table.bigIncrements('id');
      table.uuid('family_id').notNullable().index();
      table.string('token_hash', 64).notNullable().unique();
      table.bigInteger('user_id').notNullable().references('users.id');
      table.timestamp('expires_at', { useTz: true }).notNullable();
      table.timestamp('used_at', { useTz: true });
      table.timestamp('revoked_at', { useTz: true });
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('password_resets', (table) => {
      table.string('token_hash', 64).primary();
      table.bigInteger('user_id').notNullable().references('users.id');
      table.timestamp('expires_at', { useTz: true }).notNullable();
      table.timestamp('used_at', { useTz: true });
    });
    await knex.schema.createTable('signing_keys', (table) => {
      table.string('kid', 64).primary();
      table.jsonb('public_jwk').notNullable();
      table.jsonb('private_jwk').notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('retired_at', { useTz: true });
    });
    await knex.schema.createTable('service_keys', (table) => {
      table.bigIncrements('id');
      table.string('name', 100).notNullable().unique();
      table.string('prefix', 16).notNullable().unique();
      table.string('secret_hash', 64).notNullable();
      table.specificType('scopes', 'text[]').notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('last_used_at', { useTz: true });
      table.timestamp('revoked_at', { useTz: true });
    });
    await knex.schema.createTable('sync_outbox', (table) => {
      table.bigIncrements('id');
      table.string('queue', 40).notNullable();
      table.jsonb('event').notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('published_at', { useTz: true });
    });
    await knex.raw(
      'create index sync_outbox_pending on sync_outbox (id) where published_at is null',
    );
    await knex.schema.createTable('login_failures', (table) => {
      table.string('key', 400).primary();
      table.integer('failures').notNullable();
      table.timestamp('window_started_at', { useTz: true }).notNullable();
    });
    await knex.schema.createTable('audit_log', (table) => {
      table.bigIncrements('id');
      table.string('actor_id', 64);
      table.string('action', 60).notNullable();
      table.string('target', 300).notNullable();
      table.jsonb('details').notNullable().defaultTo('{}');
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    for (const table of [
      'audit_log',
      'login_failures',
      'sync_outbox',
      'service_keys',
      'signing_keys',
      'password_resets',
      'refresh_tokens',
      'user_system_roles',
      'roles',
      'systems',
      'users',
    ]) {
      await knex.schema.dropTable(table);
    }
  },
};
