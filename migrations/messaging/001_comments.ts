import type { Migration } from '../migration';

/**
 * Comments per ticket with their edit history and attachments, and who is viewing which ticket
 * on which messaging instance (presence, shared by all instances).
 */
export const comments: Migration = {
  name: '001_comments',
  async up(knex) {
    await knex.schema.createTable('comments', (table) => {
      table.bigIncrements('id');
      table.string('ticket_number', 40).notNullable();
      table.string('author_kind', 10).notNullable();
      table.string('author_id', 64);
      table.string('author_name', 200).notNullable();
      table.text('body');
      table.boolean('internal').notNullable().defaultTo(false);
      table.string('comment_key', 300).unique();
      table.string('body_sha256', 64).notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('edited_at', { useTz: true });
      table.timestamp('deleted_at', { useTz: true });
      table.index(['ticket_number', 'id']);
    });
    await knex.schema.createTable('comment_revisions', (table) => {
      table.bigIncrements('id');
      table.bigInteger('comment_id').notNullable().references('comments.id');
      table.text('body').notNullable();
      table.string('change', 10).notNullable();
      table.string('changed_by', 64).notNullable();
      table.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['comment_id', 'id']);
    });
    await knex.schema.createTable('comment_attachments', (table) => {
      table.bigIncrements('id');
      table.bigInteger('comment_id').notNullable().references('comments.id');
      table.string('filename', 255).notNullable();
      table.string('content_type', 200).notNullable();
      table.integer('size_bytes').notNullable();
      table.string('sha256', 64).notNullable();
      table.index(['comment_id']);
    });
    await knex.schema.createTable('ticket_viewers', (table) => {
      table.string('socket_id', 80).notNullable();
      table.string('ticket_number', 40).notNullable();
      table.string('instance_id', 80).notNullable();
      table.string('user_id', 64).notNullable();
      table.string('user_name', 200).notNullable();
      table.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['socket_id', 'ticket_number']);
      table.index(['ticket_number', 'seen_at']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('ticket_viewers');
    await knex.schema.dropTable('comment_attachments');
    await knex.schema.dropTable('comment_revisions');
    await knex.schema.dropTable('comments');
  },
};
