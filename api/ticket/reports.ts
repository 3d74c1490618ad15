import type { Knex } from 'knex';
import {
  DURATION_BANDS,
  MAX_DAILY_BUCKETS,
  type DurationBand,
  type RollupMetric,
} from '../../domain/reports';
import { CLOSED_STATUSES } from '../../domain/tickets';
import { dayOf } from './rollup';

/** A report's days, `from` to `to` inclusive (UTC days, YYYY-MM-DD). */
export interface ReportPeriod {
  from: string;
  to: string;
}

export interface VolumePoint {
  /** The bucket's first day (a week's is its Monday, or the period's first day). */
  start: string;
  filed: number;
  resolved: number;
  /** Open tickets at the end of the bucket. */
  backlog: number;
}

export interface SlaCompliance {
  name: string;
  steps: number;
  breaches: number;
  /** Share of steps entered without a breach (0–1); null when none was entered. */
  compliance: number | null;
}

export interface BandCount {
  band: DurationBand;
  count: number;
}

export interface TicketReport {
  period: ReportPeriod & { bucket: 'day' | 'week' };
  volume: VolumePoint[];
  sla: { byRole: SlaCompliance[]; byStep: SlaCompliance[] };
  firstResponse: BandCount[];
  resolution: BandCount[];
  /** Open tickets per assignee now (whatever the period), most loaded first. */
  agentLoad: { assigneeId: string; open: number }[];
}

const DAY_MS = 86_400_000;
const MAX_AGENTS = 100;
const VOLUME: RollupMetric[] = ['filed', 'resolved', 'backlog'];
const closedList = CLOSED_STATUSES.map((status) => `'${status}'`).join(', ');

const addDays = (day: string, days: number): string =>
  dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** The bucket a day falls in: itself, or its week's Monday (not before the period's start). */
function bucketOf(day: string, bucket: 'day' | 'week', from: string): string {
  if (bucket === 'day') return day;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(day, -weekday);
  return monday < from ? from : monday;
}

interface DayRow {
  day: string;
  metric: RollupMetric;
  value: string;
}
interface DimRow {
  metric: RollupMetric;
  dim: string;
  value: string;
}

function volumeOf(period: ReportPeriod, bucket: 'day' | 'week', rows: DayRow[], base: number) {
  const byDay = new Map<string, Partial<Record<RollupMetric, number>>>();
  for (const row of rows) {
    const day = byDay.get(row.day) ?? {};
    day[row.metric] = Number(row.value);
    byDay.set(row.day, day);
  }
  const points: VolumePoint[] = [];
  let backlog = base;
  // Counted, not compared: the day after 9999-12-31 is no longer a YYYY-MM-DD string, and a
  // string comparison with it never ends the loop.
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / DAY_MS) + 1;
  for (let offset = 0; offset < days; offset += 1) {
    const day = addDays(period.from, offset);
    const start = bucketOf(day, bucket, period.from);
    let point = points[points.length - 1];
    if (point?.start !== start) {
      point = { start, filed: 0, resolved: 0, backlog };
      points.push(point);
    }
    const counts = byDay.get(day) ?? {};
    point.filed += counts.filed ?? 0;
    point.resolved += counts.resolved ?? 0;
    backlog += counts.backlog ?? 0;
    point.backlog = backlog;
  }
  return points;
}

function complianceOf(rows: DimRow[], steps: RollupMetric, breaches: RollupMetric) {
  const names = new Map<string, SlaCompliance>();
  for (const row of rows) {
    if (row.metric !== steps && row.metric !== breaches) continue;
    const entry = names.get(row.dim) ?? { name: row.dim, steps: 0, breaches: 0, compliance: null };
    if (row.metric === steps) entry.steps = Number(row.value);
    else entry.breaches = Number(row.value);
    names.set(row.dim, entry);
  }
  return [...names.values()]
    .map((entry) => ({
      ...entry,
      compliance:
        entry.steps === 0
          ? null
          : Math.round(Math.max(0, 1 - entry.breaches / entry.steps) * 1000) / 1000,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const bandsOf = (rows: DimRow[], metric: RollupMetric): BandCount[] =>
  DURATION_BANDS.map(({ key }) => ({
    band: key,
    count: Number(rows.find((row) => row.metric === metric && row.dim === key)?.value ?? 0),
  }));

/**
 * The dashboard's charts over a period, from the daily rollup (at most a year of days: the
 * primary key's range) and, for the agents' load, the open tickets' partial index.
 */
export async function ticketReport(db: Knex, period: ReportPeriod): Promise<TicketReport> {
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / DAY_MS) + 1;
  const bucket = days > MAX_DAILY_BUCKETS ? 'week' : 'day';
  const inPeriod = () =>
    db('ticket_daily_stats').where('day', '>=', period.from).andWhere('day', '<=', period.to);
  const [dayRows, dimRows, base, load] = (await Promise.all([
    inPeriod()
      .whereIn('metric', VOLUME)
      .select(db.raw("to_char(day, 'YYYY-MM-DD') as day"), 'metric', 'value'),
    inPeriod()
      .whereNotIn('metric', VOLUME)
      .groupBy('metric', 'dim')
      .select('metric', 'dim', db.raw('sum(value) as value')),
    db('ticket_daily_stats')
      .where({ metric: 'backlog' })
      .andWhere('day', '<', period.from)
      .first(db.raw('coalesce(sum(value), 0) as value')),
    db('tickets')
      .whereRaw(`assignee_id is not null and status not in (${closedList})`)
      .groupBy('assignee_id')
      .orderByRaw('count(*) desc, assignee_id')
      .limit(MAX_AGENTS)
      .select('assignee_id', db.raw('count(*) as open')),
  ])) as [DayRow[], DimRow[], { value: string }, { assignee_id: string; open: string }[]];
  return {
    period: { ...period, bucket },
    volume: volumeOf(period, bucket, dayRows, Number(base.value)),
    sla: {
      byRole: complianceOf(dimRows, 'steps_by_role', 'breaches_by_role'),
      byStep: complianceOf(dimRows, 'steps_by_step', 'breaches_by_step'),
    },
    firstResponse: bandsOf(dimRows, 'first_response'),
    resolution: bandsOf(dimRows, 'resolution'),
    agentLoad: load.map((row) => ({ assigneeId: row.assignee_id, open: Number(row.open) })),
  };
}
