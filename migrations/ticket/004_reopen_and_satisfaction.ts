import type { Migration } from '../migration';

/**
 * A resolved ticket's reopen window and its requester's satisfaction rating. `resolved_at` keeps
 * when a ticket was last resolved (its resolution figures survive the close that follows the
 * window; tickets resolved before this migration get their closing time); `reopen_until` is the
 * window's end while it runs. One rating per ticket, changeable by its requester.
 */
export const reopenAndSatisfaction: Migration = {
  name: '004_reopen_and_satisfaction',
  async up(knex) {
    await knex.schema.alterTable('tickets', (table) => {
      table.timestamp('resolved_at', { useTz: true });
      table.timestamp('reopen_until', { useTz: true });
    });
    await knex('tickets')
      .where({ status: 'resolved' })
      .update({ resolved_at: knex.ref('closed_at') });
    await knex.schema.createTable('ticket_satisfaction', (table) => {
      table.bigInteger('ticket_id').primary().references('tickets.id');
      table.string('rating', 10).notNullable();
      table.text('comment');
      table.string('rated_by', 64).notNullable();
      table.timestamp('rated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['rated_at', 'ticket_id']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('ticket_satisfaction');
    await knex.schema.alterTable('tickets', (table) => {
      table.dropColumn('resolved_at');
      table.dropColumn('reopen_until');
    });
  },
};
