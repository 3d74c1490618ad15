import type { Migration } from '../migration';

/**
 * Every delivery attempt's outcome (one row per message id and channel: the dedupe key) and the
 * in-app notifications users read.
 */
export const notifications: Migration = {
  name: '001_notifications',
  async up(knex) {
    await knex.schema.createTable('deliveries', (table) => {
      table.bigIncrements('id');
      table.string('message_id', 200).notNullable();
      table.string('channel', 10).notNullable();
      table.string('type', 40).notNullable();
      table.string('recipient_user_id', 64);
      table.string('recipient_email', 320);
      table.string('status', 10).notNullable();
      table.text('detail');
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.unique(['message_id', 'channel']);
    });
    await knex.schema.createTable('inapp_notifications', (table) => {
      table.bigIncrements('id');
      table.string('message_id', 200).notNullable().unique();
      table.string('user_id', 64).notNullable();
      table.string('type', 40).notNullable();
      table.string('title', 300).notNullable();
      table.text('body').notNullable();
      table.jsonb('data').notNullable();
      table.timestamp('read_at', { useTz: true });
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.raw(
      'create index inapp_notifications_inbox on inapp_notifications (user_id, (read_at is null) desc, id desc)',
    );
  },
  async down(knex) {
    await knex.schema.dropTable('inapp_notifications');
    await knex.schema.dropTable('deliveries');
  },
};
