/**
 * The dashboard's reports: the daily rollup's metrics, the duration bands of the first-response
 * and resolution distributions, and how long a report's period may be.
 */

/** Days a report may span (a year, leap day included); a period is at least one day. */
export const MAX_REPORT_DAYS = 366;
/** Longer periods are bucketed per week (Monday first) instead of per day. */
export const MAX_DAILY_BUCKETS = 92;

/**
 * What the daily rollup counts per UTC day: tickets filed and resolved, the change of the open
 * backlog, first responses and resolutions by duration band (dim: the band), steps started and
 * SLA breaches by role and by step (dim: the role or step name).
 */
export const ROLLUP_METRICS = [
  'filed',
  'resolved',
  'backlog',
  'first_response',
  'resolution',
  'steps_by_role',
  'breaches_by_role',
  'steps_by_step',
  'breaches_by_step',
] as const;
export type RollupMetric = (typeof ROLLUP_METRICS)[number];

/** Duration bands, each up to (not including) `upTo` seconds; the last has no bound. */
export const DURATION_BANDS = [
  { key: 'under_15m', label: 'under 15 min', upTo: 900 },
  { key: 'under_1h', label: '15 min – 1 h', upTo: 3_600 },
  { key: 'under_4h', label: '1 – 4 h', upTo: 14_400 },
  { key: 'under_1d', label: '4 h – 1 day', upTo: 86_400 },
  { key: 'under_3d', label: '1 – 3 days', upTo: 259_200 },
  { key: 'over_3d', label: '3 days or more', upTo: null },
] as const;
export type DurationBand = (typeof DURATION_BANDS)[number]['key'];

export function durationBand(seconds: number): DurationBand {
  const band = DURATION_BANDS.find((entry) => entry.upTo !== null && seconds < entry.upTo);
  return band?.key ?? 'over_3d';
}
