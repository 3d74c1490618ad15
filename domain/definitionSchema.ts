import { z } from 'zod';
import { isTimeZone, secondsOfDay, WEEKDAYS } from './businessHours';
import { isStepAction } from './definitions';
import { PRIORITIES, type Priority } from './tickets';

/** The shape of a workflow definition, validated at the API edge (graph rules: definitions.ts). */
export const key = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - or _, starting with a letter');
const name = z.string().trim().min(1).max(200);
const seconds = z
  .number()
  .positive()
  .max(365 * 24 * 3600);

const slaTargetsSchema = z.object(
  Object.fromEntries(PRIORITIES.map((priority) => [priority, seconds])) as Record<
    Priority,
    typeof seconds
  >,
);
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

const stepSchema = z.object({
  key,
  name,
  role: name,
  /** Share of the ticket's SLA this step gets: step target = weight × SLA of the priority. */
  weight: z.number().gt(0).max(1),
  /** Overrides the weighted target for some priorities. */
  slaSeconds: slaTargetsSchema.partial().optional(),
  escalateTo: name.optional(),
});
export type StepSpec = z.infer<typeof stepSchema>;

const transitionSchema = z.object({
  from: key,
  /** The transition's name: the action an agent takes ("approve", "send_back"). */
  action: key.refine((action) => !isStepAction(action), 'names a built-in step action'),
  /** The button's text; the name in words when absent. */
  label: name.optional(),
  /** The agent must say why (blank notes are refused). */
  notesRequired: z.boolean().optional(),
  /** Next step, or null: the ticket's workflow ends. */
  to: key.nullable(),
  ticketStatus: z.enum(['in_progress', 'resolved', 'rejected', 'closed']),
});
export type TransitionSpec = z.infer<typeof transitionSchema>;

const wallTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'a local time HH:MM or HH:MM:SS');
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((date) => {
    const midnight = Date.parse(`${date}T00:00:00Z`);
    return !Number.isNaN(midnight) && new Date(midnight).toISOString().startsWith(date);
  }, 'not a date');

const workingHoursSchema = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'each day once'),
    from: wallTime,
    to: wallTime.or(z.literal('24:00')),
  })
  .refine((hours) => secondsOfDay(hours.to) > secondsOfDay(hours.from), {
    message: 'must be later than from (split a window that crosses midnight in two)',
    path: ['to'],
  });

/** Working hours the SLA targets count in (as Zendesk, Freshdesk and Zammad schedules do). */
const businessCalendarSchema = z.object({
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone such as Europe/Berlin'),
  hours: z.array(workingHoursSchema).min(1).max(50),
  holidays: z
    .array(localDate)
    .max(366)
    .refine((dates) => new Set(dates).size === dates.length, 'each date once')
    .default([]),
});

export const definitionSpecSchema = z.object({
  name,
  description: z.string().max(2000).default(''),
  department: name,
  category: name,
  system: z.string().min(1).max(50).default('tts'),
  sla: slaTargetsSchema,
  warningRatio: z.number().gt(0).lt(1).default(0.75),
  /** Without one, SLA targets run around the clock. */
  calendar: businessCalendarSchema.optional(),
  coordinatorRole: name.default('Ticket Coordinator'),
  steps: z.array(stepSchema).min(1).max(50),
  startStep: key,
  transitions: z.array(transitionSchema).min(1).max(200),
  /**
   * How long a resolved ticket waits for its requester: a reply or a reopen within it puts the
   * ticket back on its last step; after it the ticket closes for good. 0: resolution is final.
   * Absent: DEFAULT_REOPEN_WINDOW_SECONDS (7 days).
   */
  reopenWindowSeconds: z
    .number()
    .min(0)
    .max(90 * 24 * 3600)
    .optional(),
  endLogic: z
    .object({ notifyRequester: z.boolean().default(true) })
    .default({ notifyRequester: true }),
});
export type DefinitionSpec = z.infer<typeof definitionSpecSchema>;
