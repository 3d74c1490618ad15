import type { Migration } from '../migration';

/**
 * Versioned workflow definitions (a spec document per immutable version), tasks per ticket step,
 * task assignments (the original's task items), round-robin cursors and ticket runs.
 */
export const definitionsAndTasks: Migration = {
  name: '002_definitions_and_tasks',
  async up(knex) {
    await knex.schema.createTable('workflow_definitions', (table) => {
      table.bigIncrements('id');
      table.string('key', 63).notNullable();
      table.integer('version').notNullable();
      table.string('name', 200).notNullable();
      table.string('department', 200).notNullable();
      table.string('category', 200).notNullable();
      table.string('system', 50).notNullable();
      table.string('status', 20).notNullable();
      table.jsonb('spec').notNullable();
      table.string('created_by', 64);
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('deployed_at', { useTz: true });
      table.unique(['key', 'version']);
    });
    await knex.raw(
      'create index workflow_definitions_match on workflow_definitions (system, lower(department), lower(category), status)',
    );

    await knex.schema.createTable('tasks', (table) => {
      table.bigIncrements('id');
      table.string('task_key', 300).notNullable().unique();
      table.string('ticket_number', 40).notNullable().index();
      table.string('workflow_id', 255).notNullable();
      table.bigInteger('definition_id').notNullable().references('workflow_definitions.id');
      table.string('step_key', 63).notNullable();
      table.string('step_name', 200).notNullable();
      table.string('role', 200).notNullable();
      table.string('system', 50).notNullable();
      table.string('assignee_id', 64);
      table.string('status', 20).notNullable();
      table.timestamp('sla_deadline', { useTz: true });
      table.boolean('sla_breached').notNullable().defaultTo(false);
      table.boolean('warning_sent').notNullable().defaultTo(false);
      table.string('last_action', 40);
      table.text('notes');
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('started_at', { useTz: true });
      table.timestamp('completed_at', { useTz: true });
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['assignee_id', 'status', 'sla_deadline']);
      table.index(['status', 'sla_deadline']);
      table.index(['role', 'status']);
    });

    await knex.schema.createTable('task_assignments', (table) => {
      table.bigIncrements('id');
      table.bigInteger('task_id').notNullable().references('tasks.id').index();
      table.string('assignment_key', 300).notNullable().unique();
      table.string('user_id', 64).notNullable();
      table.string('user_email', 320).notNullable();
      table.string('user_name', 200).notNullable();
      table.string('origin', 20).notNullable();
      table.string('status', 20).notNullable();
      table.text('notes');
      table.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('acted_at', { useTz: true });
    });

    await knex.schema.createTable('assignment_cursors', (table) => {
      table.string('system', 50).notNullable();
      table.string('role', 200).notNullable();
      table.string('last_user_id', 64);
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['system', 'role']);
    });

    await knex.schema.createTable('ticket_runs', (table) => {
      table.string('ticket_number', 40).primary();
      table.string('workflow_id', 255).notNullable();
      table.bigInteger('definition_id').references('workflow_definitions.id');
      table.string('coordinator_id', 64).index();
      table.string('status', 20).notNullable();
      table.string('priority', 20).notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    for (const table of [
      'ticket_runs',
      'assignment_cursors',
      'task_assignments',
      'tasks',
      'workflow_definitions',
    ]) {
      await knex.schema.dropTable(table);
    }
  },
};
