import { useState } from 'react';
import { WEEKDAYS, type BusinessCalendar, type Weekday } from '../../../../domain/businessHours';
import { Field } from '../../components/Field';
import { patchAt, removeAt } from './definitionDraft';

const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};
const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Office hours in the admin's own time zone: where a calendar usually starts. */
function officeHours(): BusinessCalendar {
  return {
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
    holidays: [],
  };
}

/**
 * The definition's business calendar: when set, SLA targets count only working hours (time zone,
 * working windows per weekday, holidays). Problems the server finds are shown on their field.
 */
export function BusinessHoursFields({
  calendar,
  onChange,
  err,
}: {
  calendar: BusinessCalendar | undefined;
  onChange: (calendar: BusinessCalendar | undefined) => void;
  err: (path: string) => string | undefined;
}) {
  const [holidayText, setHolidayText] = useState(calendar?.holidays.join('\n') ?? '');
  const change = (patch: Partial<BusinessCalendar>) =>
    calendar && onChange({ ...calendar, ...patch });
  const changeHours = (i: number, patch: Partial<BusinessCalendar['hours'][number]>) =>
    calendar && change({ hours: patchAt(calendar.hours, i, patch) });
  const toggleDay = (i: number, day: Weekday, on: boolean) => {
    const days = calendar?.hours[i]?.days ?? [];
    changeHours(i, {
      days: on
        ? WEEKDAYS.filter((d) => d === day || days.includes(d))
        : days.filter((d) => d !== day),
    });
  };
  return (
    <fieldset className="card" data-testid="business-hours">
      <legend>Business hours</legend>
      <label className="inline">
        <input
          type="checkbox"
          checked={calendar !== undefined}
          onChange={(e) => onChange(e.target.checked ? officeHours() : undefined)}
        />{' '}
        SLA targets count working hours only
      </label>
      {calendar ? (
        <>
          <div className="grid">
            <Field
              label="Time zone"
              error={err('calendar.timeZone')}
              hint="IANA name, e.g. Europe/Berlin"
            >
              <input
                list="time-zones"
                value={calendar.timeZone}
                onChange={(e) => change({ timeZone: e.target.value })}
              />
            </Field>
          </div>
          <datalist id="time-zones">
            {Intl.supportedValuesOf('timeZone').map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {err('calendar.hours') ? <p className="field-error">{err('calendar.hours')}</p> : null}
          {calendar.hours.map((rule, i) => (
            <div className="row" key={i} data-testid="hours-row">
              <fieldset
                className="days"
                aria-invalid={err(`calendar.hours.${i}.days`) ? true : undefined}
              >
                <legend>Days</legend>
                {WEEK.map((day) => (
                  <label key={day} className="inline">
                    <input
                      type="checkbox"
                      checked={rule.days.includes(day)}
                      onChange={(e) => toggleDay(i, day, e.target.checked)}
                    />{' '}
                    {DAY_LABELS[day]}
                  </label>
                ))}
                {err(`calendar.hours.${i}.days`) ? (
                  <small className="field-error">{err(`calendar.hours.${i}.days`)}</small>
                ) : null}
              </fieldset>
              <Field label="From" error={err(`calendar.hours.${i}.from`)} hint="HH:MM">
                <input
                  value={rule.from}
                  onChange={(e) => changeHours(i, { from: e.target.value })}
                />
              </Field>
              <Field
                label="To"
                error={err(`calendar.hours.${i}.to`)}
                hint="HH:MM, 24:00 for midnight"
              >
                <input value={rule.to} onChange={(e) => changeHours(i, { to: e.target.value })} />
              </Field>
              <button
                type="button"
                className="link"
                aria-label={`Remove working hours ${i + 1}`}
                onClick={() => change({ hours: removeAt(calendar.hours, i) })}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              change({ hours: [...calendar.hours, { days: ['sat'], from: '10:00', to: '14:00' }] })
            }
          >
            Add working hours
          </button>
          <Field
            label="Holidays"
            error={
              err('calendar.holidays') ??
              calendar.holidays.map((_, i) => err(`calendar.holidays.${i}`)).find(Boolean)
            }
            hint="one date per line, YYYY-MM-DD"
          >
            <textarea
              rows={3}
              value={holidayText}
              onChange={(e) => {
                setHolidayText(e.target.value);
                change({
                  holidays: e.target.value
                    .split('\n')
                    .map((line) => line.trim())
                    .filter(Boolean),
                });
              }}
            />
          </Field>
        </>
      ) : null}
    </fieldset>
  );
}
