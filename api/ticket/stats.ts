import type { Knex } from 'knex';
import { CLOSED_STATUSES } from '../../domain/tickets';

export interface TicketStats {
  total: number;
  /** Tickets not yet closed, by status and by priority. */
  open: { byStatus: Record<string, number>; byPriority: Record<string, number> };
  /** Share of tickets whose SLA was breached (0–1), null without tickets. */
  slaBreachRate: number | null;
  /** Median time from intake to the first thing staff did on the ticket. */
  medianFirstResponseSeconds: number | null;
  /** Median time from intake to (the last) resolution, over resolved tickets, closed since or not. */
  medianResolutionSeconds: number | null;
  /**
   * Requesters' ratings of resolved tickets: counts and the share rated good (0–1; null
   * without ratings), as Zendesk's satisfaction score.
   */
  satisfaction: { good: number; bad: number; score: number | null };
  /** Resolved tickets waiting for their requester (their reopen window runs). */
  awaitingRequester: number;
}

interface CountRow {
  key: string;
  count: string;
}
interface TotalsRow {
  total: string;
  breach_rate: string | null;
}
interface SatisfactionRow {
  good: string;
  bad: string;
}
interface MedianRow {
  median: string | number | null;
}

const counts = (rows: CountRow[]): Record<string, number> =>
  Object.fromEntries(rows.map((row) => [row.key, Number(row.count)]));

const seconds = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value));

/** The dashboard's figures over the tickets created since `createdFrom` (all when absent). */
export async function ticketStats(db: Knex, createdFrom?: Date): Promise<TicketStats> {
  const scope = (query: Knex.QueryBuilder): Knex.QueryBuilder =>
    createdFrom ? query.where('t.created_at', '>=', createdFrom) : query;
  const open = () => scope(db('tickets as t').whereNotIn('t.status', CLOSED_STATUSES));
  const [byStatus, byPriority, totals, firstResponse, resolution, ratings, awaiting] =
    (await Promise.all([
      open().groupBy('t.status').select('t.status as key', db.raw('count(*) as count')),
      open().groupBy('t.priority').select('t.priority as key', db.raw('count(*) as count')),
      scope(db('tickets as t')).first(
        db.raw('count(*) as total'),
        db.raw('avg(t.sla_breached::int) as breach_rate'),
      ),
      scope(db('tickets as t').whereNotNull('t.first_response_at')).first(
        db.raw(
          'percentile_cont(0.5) within group (order by extract(epoch from t.first_response_at - t.created_at)) as median',
        ),
      ),
      scope(db('tickets as t').whereNotNull('t.resolved_at')).first(
        db.raw(
          'percentile_cont(0.5) within group (order by extract(epoch from t.resolved_at - t.created_at)) as median',
        ),
      ),
      scope(db('ticket_satisfaction as s').join('tickets as t', 't.id', 's.ticket_id')).first(
        db.raw("count(*) filter (where s.rating = 'good') as good"),
        db.raw("count(*) filter (where s.rating = 'bad') as bad"),
      ),
      scope(db('tickets as t').where('t.status', 'resolved').whereNotNull('t.reopen_until')).first(
        db.raw('count(*) as count'),
      ),
    ])) as [
      CountRow[],
      CountRow[],
      TotalsRow,
      MedianRow | undefined,
      MedianRow | undefined,
      SatisfactionRow,
      { count: string },
    ];
  const good = Number(ratings.good);
  const bad = Number(ratings.bad);
  const total = Number(totals.total);
  const breachRate = totals.breach_rate;
  return {
    total,
    open: {
      byStatus: counts(byStatus),
      byPriority: counts(byPriority),
    },
    slaBreachRate: breachRate === null ? null : Math.round(Number(breachRate) * 1000) / 1000,
    medianFirstResponseSeconds: seconds(firstResponse?.median),
    medianResolutionSeconds: seconds(resolution?.median),
    satisfaction: {
      good,
      bad,
      score: good + bad === 0 ? null : Math.round((good / (good + bad)) * 1000) / 1000,
    },
    awaitingRequester: Number(awaiting.count),
  };
}
