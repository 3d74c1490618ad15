import type { Migration } from '../migration';

/** End-to-end probes written by the platformProbe workflow's activity (bring-up readiness). */
export const platformProbes: Migration = {
  name: '001_platform_probes',
  async up(knex) {
    await knex.schema.createTable('platform_probes', (table) => {
      table.uuid('id').primary();
      table.string('workflow_id', 255).notNullable();
      table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    await knex.schema.dropTable('platform_probes');
  },
};
