import type { DefinitionSpec, StepSpec, TransitionSpec } from '../../api/types';

/** A blank definition: one step that resolves, a day's SLA for medium tickets. */
export function blankDefinition(): DefinitionSpec {
  return {
    name: '',
    description: '',
    department: 'IT',
    category: '',
    system: 'tts',
    sla: { low: 4 * 86400, medium: 86400, high: 8 * 3600, critical: 4 * 3600 },
    warningRatio: 0.75,
    coordinatorRole: 'Ticket Coordinator',
    steps: [{ key: 'triage', name: 'Triage', role: 'IT Support', weight: 1 }],
    startStep: 'triage',
    transitions: [{ from: 'triage', action: 'resolve', to: null, ticketStatus: 'resolved' }],
    endLogic: { notifyRequester: true },
    reopenWindowSeconds: 7 * 86400,
  };
}

export const newStep = (index: number): StepSpec => ({
  key: `step-${index + 1}`,
  name: `Step ${index + 1}`,
  role: '',
  weight: 0.5,
});

export const newTransition = (from: string): TransitionSpec => ({
  from,
  action: 'approve',
  to: null,
  ticketStatus: 'resolved',
});

/** Optional text fields of the editor's rows: set when filled in, left out when blank. */
type OptionalText<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** `item` with `field` set to `value`, or without the field when `value` is blank. */
export function withText<T extends object>(item: T, field: OptionalText<T>, value: string): T {
  const next = { ...item };
  delete next[field];
  return value ? { ...next, [field]: value } : next;
}

/** The list with the item at `index` changed by `patch` (the editor's row updates). */
export const patchAt = <T>(list: T[], index: number, patch: Partial<T>): T[] =>
  list.map((item, j) => (j === index ? { ...item, ...patch } : item));

/** The list with the item at `index` replaced. */
export const replaceAt = <T>(list: T[], index: number, item: T): T[] =>
  list.map((old, j) => (j === index ? item : old));

/** The list without the item at `index`. */
export const removeAt = <T>(list: T[], index: number): T[] => list.filter((_, j) => j !== index);

export const hours = (seconds: number): string => String(Math.round((seconds / 3600) * 100) / 100);
export const seconds = (hoursText: string): number => Math.round(Number(hoursText) * 3600);
