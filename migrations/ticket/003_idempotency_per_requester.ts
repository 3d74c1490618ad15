import type { Migration } from '../migration';

/**
 * Intake idempotency keys belong to their requester: one requester's key no longer collides with
 * (or reveals) another's.
 */
export const idempotencyPerRequester: Migration = {
  name: '003_idempotency_per_requester',
  async up(knex) {
    await knex.schema.alterTable('tickets', (table) => {
      table.dropUnique(['idempotency_key']);
      table.unique(['requester_id', 'idempotency_key']);
    });
  },
  async down(knex) {
    await knex.schema.alterTable('tickets', (table) => {
      table.dropUnique(['requester_id', 'idempotency_key']);
      table.unique(['idempotency_key']);
    });
  },
};
