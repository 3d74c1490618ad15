import type { Migration } from '../migration';

/**
 * Tickets with their idempotency key, the workflow-start outbox (written in the ticket's
 * transaction), the history of every lifecycle event (unique per event key) and attachments.
 */
export const tickets: Migration = {
  name: '001_tickets',
  async up(knex) {
    await knex.raw('create sequence ticket_number_seq');
    await knex.schema.createTable('tickets', (table) => {
      table.bigIncrements('id');
      table.string('number', 40).notNullable().unique();
      table.string('subject', 300).notNullable();
      table.text('description').notNullable();
      table.string('priority', 20).notNullable();
      table.string('department', 200).notNullable();
      table.string('category', 200).notNullable();
      table.string('sub_category', 200);
      table.string('system', 50).notNullable();
      table.string('status', 20).notNullable();
      table.string('requester_id', 64).notNullable();
      table.string('assignee_id', 64);
      table.string('assigned_role', 200);
      table.timestamp('sla_deadline', { useTz: true });
      table.boolean('sla_breached').notNullable().defaultTo(false);
      table.string('idempotency_key', 200).unique();
      table.string('request_hash', 64).notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('closed_at', { useTz: true });
    });
    await knex.raw(
      `alter table tickets add column search tsvector generated always as
         (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(description, ''))) stored`,
    );
    await knex.raw('create index tickets_search on tickets using gin (search)');
    await knex.raw('create index tickets_recent on tickets (created_at desc, id desc)');
    await knex.raw('create index tickets_by_status on tickets (status, created_at desc, id desc)');
    await knex.raw(
      'create index tickets_by_requester on tickets (requester_id, created_at desc, id desc)',
    );
    await knex.raw(
      'create index tickets_by_assignee on tickets (assignee_id, created_at desc, id desc)',
    );

    await knex.schema.createTable('workflow_start_outbox', (table) => {
      table.bigIncrements('id');
      table.bigInteger('ticket_id').notNullable().references('tickets.id');
      table.string('workflow_id', 255).notNullable().unique();
      table.jsonb('payload').notNullable();
      table.integer('attempts').notNullable().defaultTo(0);
      table.text('last_error');
      table.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('started_at', { useTz: true });
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.raw(
      'create index workflow_start_outbox_pending on workflow_start_outbox (next_attempt_at) where started_at is null',
    );

    await knex.schema.createTable('ticket_history', (table) => {
      table.bigIncrements('id');
      table.bigInteger('ticket_id').notNullable().references('tickets.id');
      table.string('event_key', 300).notNullable().unique();
      table.string('type', 40).notNullable();
      table.string('actor_kind', 10).notNullable();
      table.string('actor_id', 64);
      table.string('from_status', 20);
      table.string('to_status', 20);
      table.jsonb('details').notNullable().defaultTo('{}');
      table.timestamp('occurred_at', { useTz: true }).notNullable();
      table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['ticket_id', 'occurred_at', 'id']);
    });

    await knex.schema.createTable('attachments', (table) => {
      table.bigIncrements('id');
      table.bigInteger('ticket_id').notNullable().references('tickets.id').index();
      table.string('filename', 255).notNullable();
      table.string('content_type', 100).notNullable();
      table.bigInteger('size_bytes').notNullable();
      table.string('sha256', 64).notNullable();
      table.string('uploaded_by', 64).notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    for (const table of ['attachments', 'ticket_history', 'workflow_start_outbox', 'tickets']) {
      await knex.schema.dropTable(table);
    }
    await knex.raw('drop sequence ticket_number_seq');
  },
};
