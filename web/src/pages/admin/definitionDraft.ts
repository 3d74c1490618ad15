import { COMMON_TRANSITIONS } from '../../../../domain/definitions';
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

/** A new step at the end, with a key no other step has. */
export function addStep(spec: DefinitionSpec): DefinitionSpec {
  const keys = new Set(spec.steps.map((step) => step.key));
  let n = spec.steps.length;
  while (keys.has(newStep(n).key)) n += 1;
  return { ...spec, steps: [...spec.steps, newStep(n)] };
}

/**
 * The definition without step `index` and the transitions from or to it: a step's lines go with
 * it. When it was the start step, the first remaining step starts.
 */
export function removeStep(spec: DefinitionSpec, index: number): DefinitionSpec {
  const gone = spec.steps[index];
  if (!gone) return spec;
  const steps = removeAt(spec.steps, index);
  const stillNamed = steps.some((step) => step.key === gone.key);
  return {
    ...spec,
    steps,
    startStep: spec.startStep === gone.key && !stillNamed ? (steps[0]?.key ?? '') : spec.startStep,
    transitions: stillNamed
      ? spec.transitions
      : spec.transitions.filter((t) => t.from !== gone.key && t.to !== gone.key),
  };
}

/**
 * A transition from step `from` to step `to` (or the end, null) added, named by the first common
 * name that step does not use yet (`approve`, …; `resolve` to the end), numbered when all are.
 */
export function connectSteps(
  spec: DefinitionSpec,
  from: number,
  to: number | null,
): DefinitionSpec {
  const source = spec.steps[from];
  const target = to === null ? null : spec.steps[to];
  if (!source || target === undefined) return spec;
  const used = new Set(spec.transitions.filter((t) => t.from === source.key).map((t) => t.action));
  const preferred = target === null ? 'resolve' : 'approve';
  const candidates = [preferred, ...COMMON_TRANSITIONS.filter((name) => name !== preferred)];
  let action = candidates.find((name) => !used.has(name));
  for (let n = 2; action === undefined; n += 1) {
    if (!used.has(`${preferred}_${n}`)) action = `${preferred}_${n}`;
  }
  const transition: TransitionSpec = {
    from: source.key,
    action,
    to: target?.key ?? null,
    ticketStatus: target === null ? 'resolved' : 'in_progress',
  };
  return { ...spec, transitions: [...spec.transitions, transition] };
}

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
