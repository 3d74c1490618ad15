import type { Migration } from '../migration';

/** The request id of the intake, handed to the workflow's memo so its activities carry it on. */
export const outboxRequestId: Migration = {
  name: '002_outbox_request_id',
  async up(knex) {
    await knex.schema.alterTable('workflow_start_outbox', (table) => {
      table.string('request_id', 100);
    });
  },
  async down(knex) {
    await knex.schema.alterTable('workflow_start_outbox', (table) => {
      table.dropColumn('request_id');
    });
  },
};
