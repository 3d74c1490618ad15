import type { Knex } from 'knex';
import { z } from 'zod';
import { MAX_REPORT_DAYS } from '../../../domain/reports';
import { DEFAULT_SYSTEM } from '../../shared/auth/principal';
import { requireStaff } from '../../shared/auth/middleware';
import { route, routeTable, type RouteTable } from '../../shared/http/routeTable';
import { ticketReport } from '../reports';
import { dayOf } from '../rollup';

const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30) in years 1–9999. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'not a day (YYYY-MM-DD)')
  .refine((text) => {
    const parsed = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && dayOf(parsed) === text && text >= '0001-01-01';
  }, 'not a day of the calendar');

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

/** From and to, both inclusive: one day to a year; absent: the last 30 days up to today. */
const periodSchema = z
  .object({ from: day.optional(), to: day.optional() })
  .transform(({ from, to }) => {
    const end = to ?? dayOf(new Date());
    const start = from ?? dayOf(new Date(Date.parse(end) - (DEFAULT_DAYS - 1) * DAY_MS));
    return { from: start, to: end };
  })
  .superRefine(({ from, to }, context) => {
    if (to < from) context.addIssue({ code: 'custom', path: ['to'], message: 'is before from' });
    else if (daysBetween(from, to) > MAX_REPORT_DAYS)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `a period spans at most ${String(MAX_REPORT_DAYS)} days`,
      });
  });

/** The dashboard's charts, aggregated here from the daily rollup. */
export function reportRoutes(db: Knex): RouteTable {
  return routeTable([
    route({
      method: 'get',
      path: '/api/v1/tickets/reports',
      summary:
        'Dashboard charts over a period (1 day to a year): filed, resolved and backlog per day or week, SLA compliance by role and step, first-response and resolution bands, open load per agent',
      access: 'staff',
      before: [requireStaff(DEFAULT_SYSTEM)],
      query: periodSchema,
      ok: 200,
      handle: ({ query }) => ticketReport(db, query),
    }),
  ]);
}
