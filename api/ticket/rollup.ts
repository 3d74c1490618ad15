import type { Knex } from 'knex';
import { durationBand, type RollupMetric } from '../../domain/reports';
import { CLOSED_STATUSES, type TicketEvent, type TicketStatus } from '../../domain/tickets';

/** One count to add to the daily rollup. */
export interface RollupBump {
  day: string;
  metric: RollupMetric;
  dim: string;
  by: number;
}

/** The UTC day of an instant, as the rollup keys it. */
export const dayOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);

const bumpOf = (at: Date | string, metric: RollupMetric, dim = '', by = 1): RollupBump => ({
  day: dayOf(at),
  metric,
  dim,
  by,
});

const secondsBetween = (from: Date, to: Date | string): number =>
  Math.max(0, (new Date(to).getTime() - from.getTime()) / 1000);

/**
 * Adds the counts in the caller's transaction, merged per row and in key order, so two
 * transactions lock the rows they share in the same order and never deadlock. Call it last in a
 * transaction: the day's rows stay locked until the commit.
 */
export async function addToRollup(trx: Knex.Transaction, bumps: RollupBump[]): Promise<void> {
  const merged = new Map<string, RollupBump>();
  for (const bump of bumps) {
    const key = `${bump.day}\u0000${bump.metric}\u0000${bump.dim}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, by: seen.by + bump.by } : bump);
  }
  const rows = [...merged.entries()]
    .filter(([, bump]) => bump.by !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, bump]) => ({ day: bump.day, metric: bump.metric, dim: bump.dim, value: bump.by }));
  if (rows.length === 0) return;
  await trx('ticket_daily_stats')
    .insert(rows)
    .onConflict(['day', 'metric', 'dim'])
    .merge({ value: trx.raw('ticket_daily_stats.value + excluded.value') });
}

/** A ticket's first staff action, counted in its duration band. */
export const firstResponseBump = (createdAt: Date, at: Date | string): RollupBump =>
  bumpOf(at, 'first_response', durationBand(secondsBetween(createdAt, at)));

/** A new ticket: filed, and one more in the open backlog. */
export const intakeBumps = (createdAt: Date): RollupBump[] => [
  bumpOf(createdAt, 'filed'),
  bumpOf(createdAt, 'backlog'),
];

/** The ticket as a lifecycle event finds it (moved along by each event of a batch). */
export interface RollupTicket {
  status: TicketStatus;
  createdAt: Date;
  requesterId: string;
  firstResponseAt: Date | null;
}

const isOpen = (status: TicketStatus): boolean => !CLOSED_STATUSES.includes(status);

/** Whether the event is the ticket's first response: the first thing staff did on it. */
export const isFirstResponse = (ticket: RollupTicket, event: TicketEvent): boolean =>
  ticket.firstResponseAt === null &&
  event.type !== 'created' &&
  event.actor.kind === 'user' &&
  event.actor.id !== ticket.requesterId;

/**
 * What one lifecycle event adds: the backlog moves when the ticket closes or comes back; a
 * resolution counts with its duration band; a step entered (its system assignment) and an SLA
 * breach count by role and by step; the first response counts with its band.
 */
export function eventBumps(ticket: RollupTicket, event: TicketEvent): RollupBump[] {
  const at = event.occurredAt;
  const bumps: RollupBump[] = [];
  const to = event.status ?? ticket.status;
  if (isOpen(ticket.status) !== isOpen(to))
    bumps.push(bumpOf(at, 'backlog', '', isOpen(to) ? 1 : -1));
  if (to === 'resolved' && ticket.status !== 'resolved') {
    bumps.push(bumpOf(at, 'resolved'));
    bumps.push(bumpOf(at, 'resolution', durationBand(secondsBetween(ticket.createdAt, at))));
  }
  const counted =
    event.type === 'sla_breached'
      ? (['breaches_by_role', 'breaches_by_step'] as const)
      : event.type === 'assigned' && event.details?.origin === 'system'
        ? (['steps_by_role', 'steps_by_step'] as const)
        : null;
  if (counted) {
    if (event.assignedRole) bumps.push(bumpOf(at, counted[0], event.assignedRole));
    if (event.step) bumps.push(bumpOf(at, counted[1], event.step));
  }
  if (isFirstResponse(ticket, event)) bumps.push(firstResponseBump(ticket.createdAt, at));
  return bumps;
}
