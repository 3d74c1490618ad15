import {
  addBusinessTime,
  businessTimeBetween,
  type BusinessCalendar,
} from '../../domain/businessHours';
import { definitionSpecSchema } from '../../domain/definitionSchema';
import {
  deadlineOf,
  nextSlaEvent,
  pauseClock,
  resumeClock,
  retargetClock,
  startClock,
} from '../../domain/sla';
import { testDefinition } from '../support/lifecycle';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** Mon–Fri 09:00–17:00 in `timeZone`. 2026-03-27 is a Friday. */
const office = (timeZone = 'UTC', holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  hours: [{ days: [...weekdays], from: '09:00', to: '17:00' }],
  holidays,
});

describe('business hours', () => {
  it('counts only working time: Friday 16:00 + 2 h is Monday 10:00', () => {
    expect(addBusinessTime(office(), at('2026-03-27T16:00:00Z'), 2 * HOUR)).toBe(
      at('2026-03-30T10:00:00Z'),
    );
    expect(
      businessTimeBetween(office(), at('2026-03-27T16:00:00Z'), at('2026-03-30T10:00:00Z')),
    ).toBe(2 * HOUR);
  });

  it('starts counting at the next window when the clock starts outside working hours', () => {
    expect(addBusinessTime(office(), at('2026-03-28T12:00:00Z'), HOUR / 2)).toBe(
      at('2026-03-30T09:30:00Z'),
    );
    expect(
      businessTimeBetween(office(), at('2026-03-28T00:00:00Z'), at('2026-03-29T23:00:00Z')),
    ).toBe(0);
  });

  it('skips holidays', () => {
    const calendar = office('UTC', ['2026-03-30']);
    expect(addBusinessTime(calendar, at('2026-03-27T16:00:00Z'), 2 * HOUR)).toBe(
      at('2026-03-31T10:00:00Z'),
    );
  });

  it('follows the time zone across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29.
    const berlin = office('Europe/Berlin');
    expect(addBusinessTime(berlin, at('2026-03-27T15:00:00Z'), 2 * HOUR)).toBe(
      at('2026-03-30T08:00:00Z'),
    );
  });

  it('works with windows of seconds, merging windows that overlap', () => {
    const calendar: BusinessCalendar = {
      timeZone: 'UTC',
      hours: [
        { days: ['thu'], from: '09:00:00', to: '09:00:10' },
        { days: ['thu'], from: '09:00:05', to: '09:00:08' },
        { days: ['thu'], from: '09:00:20', to: '09:00:30' },
      ],
      holidays: [],
    };
    expect(addBusinessTime(calendar, at('2026-03-26T08:59:55Z'), 15_000)).toBe(
      at('2026-03-26T09:00:25Z'),
    );
    expect(addBusinessTime(calendar, at('2026-03-26T09:00:30Z'), 1_000)).toBe(
      at('2026-04-02T09:00:01Z'),
    );
  });

  it('moves an SLA clock by working time: holds count only their working part', () => {
    const start = at('2026-03-27T16:00:00Z');
    const clock = startClock(start, 2 * HOUR, office());
    expect(deadlineOf(clock)).toBe(at('2026-03-30T10:00:00Z'));
    expect(nextSlaEvent(clock, 0.75)).toEqual({ kind: 'warning', at: at('2026-03-30T09:30:00Z') });
    const held = pauseClock(clock, at('2026-03-27T16:30:00Z'));
    expect(deadlineOf(held)).toBeNull();
    const resumed = resumeClock(held, at('2026-03-30T09:30:00Z'));
    expect(resumed.pausedMs).toBe(HOUR);
    expect(deadlineOf(resumed)).toBe(at('2026-03-30T11:00:00Z'));
    expect(deadlineOf(retargetClock(resumed, HOUR))).toBe(at('2026-03-30T10:00:00Z'));
  });

  it('is validated with the definition, naming the field', () => {
    const spec = testDefinition();
    const valid = {
      ...spec,
      calendar: {
        timeZone: 'Europe/Berlin',
        hours: [{ days: ['mon'], from: '00:00', to: '24:00' }],
        holidays: ['2026-12-25'],
      },
    };
    expect(definitionSpecSchema.parse(valid).calendar).toEqual(valid.calendar);
    const problems = (calendar: unknown) =>
      definitionSpecSchema
        .safeParse({ ...spec, calendar })
        .error?.issues.map((issue) => issue.path.join('.'));
    expect(problems({ ...valid.calendar, timeZone: 'Mars/Olympus' })).toEqual([
      'calendar.timeZone',
    ]);
    expect(
      problems({ ...valid.calendar, hours: [{ days: ['mon'], from: '17:00', to: '09:00' }] }),
    ).toEqual(['calendar.hours.0.to']);
    expect(
      problems({
        ...valid.calendar,
        hours: [{ days: ['mon', 'mon'], from: '09:00', to: '10:00' }],
      }),
    ).toEqual(['calendar.hours.0.days']);
    expect(problems({ ...valid.calendar, holidays: ['2026-02-30', '2026-13-01'] })).toEqual([
      'calendar.holidays.0',
      'calendar.holidays.1',
    ]);
    expect(problems({ ...valid.calendar, hours: [] })).toEqual(['calendar.hours']);
  });
});
