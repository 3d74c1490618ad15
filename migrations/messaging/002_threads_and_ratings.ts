import type { Migration } from '../migration';

/** Replies (a comment may answer another of the same ticket) and ratings of comments, as the original had. */
export const threadsAndRatings: Migration = {
  name: '002_threads_and_ratings',
  async up(knex) {
    await knex.schema.alterTable('comments', (table) => {
      table.bigInteger('reply_to_id').references('comments.id');
      table.integer('rating_count').notNullable().defaultTo(0);
      table.integer('rating_total').notNullable().defaultTo(0);
    });
    await knex.schema.createTable('comment_ratings', (table) => {
      table.bigInteger('comment_id').notNullable().references('comments.id');
      table.string('user_id', 64).notNullable();
      table.smallint('rating').notNullable();
      table.timestamp('rated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['comment_id', 'user_id']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('comment_ratings');
    await knex.schema.alterTable('comments', (table) => {
      table.dropColumn('reply_to_id');
      table.dropColumn('rating_count');
      table.dropColumn('rating_total');
    });
  },
};
