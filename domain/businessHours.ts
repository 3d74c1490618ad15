/**
 * Business-hours arithmetic for SLA clocks: working windows per weekday in a time zone, minus
 * holidays. Pure and deterministic (the lifecycle workflow runs it); time zones via Intl.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WorkingHours {
  days: Weekday[];
  /** Local wall time `HH:MM` or `HH:MM:SS`; `to` is later than `from` on the same day. */
  from: string;
  to: string;
}

export interface BusinessCalendar {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  hours: WorkingHours[];
  /** Local dates `YYYY-MM-DD` without working hours. */
  holidays: string[];
}

/** How far ahead a calendar is searched for working time (a valid calendar always has some). */
const SEARCH_DAYS = 3_700;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock at `at`, as if it were UTC (epoch ms of the same fields in UTC). */
function wallClockOf(timeZone: string, at: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (at % 1000);
}

/** The instant whose local wall clock reads `wall` (a gap in a DST change moves it forward). */
function instantOf(timeZone: string, wall: number): number {
  const first = wall - (wallClockOf(timeZone, wall) - wall);
  const offset = wallClockOf(timeZone, first) - first;
  return wall - offset;
}

/** Seconds since local midnight of `HH:MM[:SS]`. */
export function secondsOfDay(time: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number);
  return hours * 3600 + minutes * 60 + seconds;
}

function dateKey(wallMidnight: number): string {
  return new Date(wallMidnight).toISOString().slice(0, 10);
}

/** The working windows [start, end) of one local day, in order, merged where they touch. */
function windowsOfDay(calendar: BusinessCalendar, wallMidnight: number): [number, number][] {
  if (calendar.holidays.includes(dateKey(wallMidnight))) return [];
  const weekday = WEEKDAYS[new Date(wallMidnight).getUTCDay()] as Weekday;
  const local = calendar.hours
    .filter((rule) => rule.days.includes(weekday))
    .map((rule): [number, number] => [secondsOfDay(rule.from), secondsOfDay(rule.to)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of local) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged.map(([from, to]) => [
    instantOf(calendar.timeZone, wallMidnight + from * 1000),
    instantOf(calendar.timeZone, wallMidnight + to * 1000),
  ]);
}

/** Working windows from `from` on, clipped to start no earlier than `from`. */
function* windowsFrom(calendar: BusinessCalendar, from: number): Generator<[number, number]> {
  const firstMidnight = Math.floor(wallClockOf(calendar.timeZone, from) / DAY_MS) * DAY_MS;
  for (let day = 0; day <= SEARCH_DAYS; day += 1) {
    for (const [start, end] of windowsOfDay(calendar, firstMidnight + day * DAY_MS)) {
      if (end > from) yield [Math.max(start, from), end];
    }
  }
}

/** The instant at which `ms` of working time has passed since `from`. */
export function addBusinessTime(calendar: BusinessCalendar, from: number, ms: number): number {
  let remaining = ms;
  let last = from;
  for (const [start, end] of windowsFrom(calendar, from)) {
    if (remaining <= end - start) return start + remaining;
    remaining -= end - start;
    last = end;
  }
  return last + remaining;
}

/** Working time between `from` and `to` (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar, from: number, to: number): number {
  let total = 0;
  for (const [start, end] of windowsFrom(calendar, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}
