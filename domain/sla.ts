import { addBusinessTime, businessTimeBetween, type BusinessCalendar } from './businessHours';
import type { DefinitionSpec, StepSpec } from './definitionSchema';
import type { Priority } from './tickets';

/**
 * The SLA clock of one step. Pause intervals add to the deadline; a priority change moves the
 * target; the warning and the breach each fire once. All times are epoch milliseconds. With a
 * business calendar the target and the pauses count working time only.
 */
export interface SlaClock {
  startedAt: number;
  targetMs: number;
  /** Time spent on hold (working time, with a calendar). */
  pausedMs: number;
  pausedSince: number | null;
  warningSent: boolean;
  breached: boolean;
  calendar?: BusinessCalendar;
}

export type SlaEvent = { kind: 'warning' | 'breach'; at: number };

/** The step's target: its own per-priority target if set, else weight × the ticket SLA. */
export function stepTargetMs(spec: DefinitionSpec, step: StepSpec, priority: Priority): number {
  const seconds = step.slaSeconds?.[priority] ?? step.weight * spec.sla[priority];
  return Math.round(seconds * 1000);
}

export function startClock(now: number, targetMs: number, calendar?: BusinessCalendar): SlaClock {
  return {
    startedAt: now,
    targetMs,
    pausedMs: 0,
    pausedSince: null,
    warningSent: false,
    breached: false,
    ...(calendar ? { calendar } : {}),
  };
}

/** The moment `ms` of the clock's time (working time, with a calendar) has run since its start. */
function after(clock: SlaClock, ms: number): number {
  return clock.calendar
    ? addBusinessTime(clock.calendar, clock.startedAt, ms)
    : clock.startedAt + ms;
}

/** The moment the step breaches; null while the clock is paused. */
export function deadlineOf(clock: SlaClock): number | null {
  return clock.pausedSince === null ? after(clock, clock.targetMs + clock.pausedMs) : null;
}

function warningAtOf(clock: SlaClock, warningRatio: number): number | null {
  return clock.pausedSince === null
    ? after(clock, Math.round(clock.targetMs * warningRatio) + clock.pausedMs)
    : null;
}

export function pauseClock(clock: SlaClock, now: number): SlaClock {
  return clock.pausedSince === null ? { ...clock, pausedSince: now } : clock;
}

export function resumeClock(clock: SlaClock, now: number): SlaClock {
  if (clock.pausedSince === null) return clock;
  const paused = clock.calendar
    ? businessTimeBetween(clock.calendar, clock.pausedSince, now)
    : now - clock.pausedSince;
  return { ...clock, pausedMs: clock.pausedMs + paused, pausedSince: null };
}

export function retargetClock(clock: SlaClock, targetMs: number): SlaClock {
  return { ...clock, targetMs };
}

/** The next SLA event still to fire, or null (paused, or both fired). */
export function nextSlaEvent(clock: SlaClock, warningRatio: number): SlaEvent | null {
  const warningAt = warningAtOf(clock, warningRatio);
  const deadline = deadlineOf(clock);
  if (warningAt === null || deadline === null || clock.breached) return null;
  if (!clock.warningSent && warningAt < deadline) return { kind: 'warning', at: warningAt };
  return { kind: 'breach', at: deadline };
}
