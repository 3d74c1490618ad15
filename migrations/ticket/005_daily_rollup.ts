import type { Knex } from 'knex';
import { DURATION_BANDS } from '../../domain/reports';
import { CLOSED_STATUSES } from '../../domain/tickets';
import type { Migration } from '../migration';

/** SQL naming the duration band of `seconds` (an SQL expression), as durationBand does. */
const bandOf = (seconds: string): string =>
  `case ${DURATION_BANDS.filter((band) => band.upTo !== null)
    .map((band) => `when ${seconds} < ${String(band.upTo)} then '${band.key}'`)
    .join(' ')} else 'over_3d' end`;

const closed = `(${CLOSED_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * Fills the rollup from the tickets and their history. Steps and breaches by role and step start
 * with this migration: history rows never kept a step's role or name.
 */
async function backfill(knex: Knex): Promise<void> {
  const insert = (select: string) =>
    knex.raw(
      `insert into ticket_daily_stats (day, metric, dim, value)
       select day, metric, dim, sum(value) from (${select}) rows group by day, metric, dim
       on conflict (day, metric, dim)
         do update set value = ticket_daily_stats.value + excluded.value`,
    );
  const utcDay = (column: string) => `(${column} at time zone 'UTC')::date`;
  await insert(
    `select ${utcDay('created_at')} as day, 'filed' as metric, '' as dim, 1 as value from tickets
     union all
     select ${utcDay('created_at')}, 'backlog', '', 1 from tickets`,
  );
  await insert(
    `select ${utcDay('h.occurred_at')} as day, 'backlog' as metric, '' as dim,
            case when h.to_status in ${closed} then -1 else 1 end as value
       from ticket_history h
      where h.type <> 'created'
        and (h.from_status in ${closed}) <> (h.to_status in ${closed})
     union all
     select ${utcDay('h.occurred_at')}, 'resolved', '', 1 from ticket_history h
      where h.to_status = 'resolved' and h.from_status is distinct from 'resolved'
     union all
     select ${utcDay('h.occurred_at')}, 'resolution',
            ${bandOf('extract(epoch from h.occurred_at - t.created_at)')}, 1
       from ticket_history h join tickets t on t.id = h.ticket_id
      where h.to_status = 'resolved' and h.from_status is distinct from 'resolved'`,
  );
  await knex.raw(
    `update tickets t set first_response_at = first.at
       from (select h.ticket_id, min(h.occurred_at) as at
               from ticket_history h join tickets t on t.id = h.ticket_id
              where h.actor_kind = 'user' and h.type <> 'created'
                and h.actor_id is distinct from t.requester_id
              group by h.ticket_id) first
      where t.id = first.ticket_id`,
  );
  await insert(
    `select ${utcDay('first_response_at')} as day, 'first_response' as metric,
            ${bandOf('extract(epoch from first_response_at - created_at)')} as dim, 1 as value
       from tickets where first_response_at is not null`,
  );
}

/**
 * The dashboard's daily rollup: counts per UTC day, metric and dimension, kept in the
 * transactions that file tickets and apply lifecycle events, so a report reads at most a year of
 * days instead of every event. `first_response_at` marks a ticket's first staff action once. The
 * partial index serves each agent's open load from the open tickets alone.
 */
export const dailyRollup: Migration = {
  name: '005_daily_rollup',
  async up(knex) {
    await knex.schema.createTable('ticket_daily_stats', (table) => {
      table.date('day').notNullable();
      table.string('metric', 30).notNullable();
      table.string('dim', 200).notNullable().defaultTo('');
      table.bigInteger('value').notNullable().defaultTo(0);
      table.primary(['day', 'metric', 'dim']);
      table.index(['metric', 'day']);
    });
    await knex.schema.alterTable('tickets', (table) => {
      table.timestamp('first_response_at', { useTz: true });
    });
    await knex.raw(
      `create index tickets_open_by_assignee on tickets (assignee_id)
        where assignee_id is not null and status not in ${closed}`,
    );
    await backfill(knex);
  },
  async down(knex) {
    await knex.raw('drop index tickets_open_by_assignee');
    await knex.schema.alterTable('tickets', (table) => {
      table.dropColumn('first_response_at');
    });
    await knex.schema.dropTable('ticket_daily_stats');
  },
};
