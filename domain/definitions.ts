import type { DefinitionSpec, StepSpec, TransitionSpec } from './definitionSchema';

/**
 * Transition names most definitions use (the editor offers them); a definition may name its
 * transitions anything else too ("send_back", "needs_info").
 */
export const COMMON_TRANSITIONS = ['approve', 'reject', 'resolve', 'close'] as const;

/** Actions every step allows (escalate only where the step has an escalation role). */
export const STEP_ACTIONS = ['start', 'transfer', 'escalate', 'hold', 'resume'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];
/** A step action, or the name of one of the step's transitions. */
export type TaskAction = StepAction | (string & {});

export function isStepAction(action: string): action is StepAction {
  return (STEP_ACTIONS as readonly string[]).includes(action);
}

/** A transition as the agent sees it: its name, the button's text, and whether notes are due. */
export interface TransitionChoice {
  action: string;
  label: string;
  notesRequired: boolean;
}

/** A deployed definition version as a running ticket sees it: immutable for that ticket. */
export interface DefinitionSnapshot {
  id: string;
  key: string;
  version: number;
  spec: DefinitionSpec;
}

export interface DefinitionProblem {
  field: string;
  message: string;
}

/**
 * Graph rules a definition must satisfy beyond its shape: unique step keys, exactly one existing
 * start step, no dangling transitions, one transition per step and action, every step reachable
 * from the start, and the end reachable from every step.
 */
export function definitionProblems(spec: DefinitionSpec): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const keys = new Set<string>();
  spec.steps.forEach((step, i) => {
    if (keys.has(step.key))
      problems.push({ field: `steps.${i}.key`, message: `duplicate step key ${step.key}` });
    keys.add(step.key);
  });
  if (!keys.has(spec.startStep)) {
    problems.push({ field: 'startStep', message: `start step ${spec.startStep} is not a step` });
  }
  const seen = new Set<string>();
  spec.transitions.forEach((transition, i) => {
    if (!keys.has(transition.from)) {
      problems.push({ field: `transitions.${i}.from`, message: `unknown step ${transition.from}` });
    }
    if (transition.to !== null && !keys.has(transition.to)) {
      problems.push({ field: `transitions.${i}.to`, message: `unknown step ${transition.to}` });
    }
    const id = `${transition.from}/${transition.action}`;
    if (seen.has(id)) {
      problems.push({
        field: `transitions.${i}.action`,
        message: `${transition.from} already has a ${transition.action} transition`,
      });
    }
    seen.add(id);
  });
  if (problems.length > 0) return problems;

  const reachable = new Set<string>([spec.startStep]);
  for (let grew = true; grew;) {
    grew = false;
    for (const transition of spec.transitions) {
      if (reachable.has(transition.from) && transition.to && !reachable.has(transition.to)) {
        reachable.add(transition.to);
        grew = true;
      }
    }
  }
  const reachesEnd = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const transition of spec.transitions) {
      const ends = transition.to === null || reachesEnd.has(transition.to);
      if (ends && !reachesEnd.has(transition.from)) {
        reachesEnd.add(transition.from);
        grew = true;
      }
    }
  }
  spec.steps.forEach((step, i) => {
    if (!reachable.has(step.key)) {
      problems.push({
        field: `steps.${i}`,
        message: `step ${step.key} cannot be reached from the start step`,
      });
    }
    if (!reachesEnd.has(step.key)) {
      problems.push({ field: `steps.${i}`, message: `no path from step ${step.key} to the end` });
    }
  });
  return problems;
}

export function stepOf(spec: DefinitionSpec, stepKey: string): StepSpec {
  const step = spec.steps.find((candidate) => candidate.key === stepKey);
  if (!step) throw new Error(`definition has no step ${stepKey}`);
  return step;
}

export function transitionOf(
  spec: DefinitionSpec,
  stepKey: string,
  action: string,
): TransitionSpec | undefined {
  return spec.transitions.find((t) => t.from === stepKey && t.action === action);
}

/** A resolved ticket's reopen window when its definition names none: 7 days. */
export const DEFAULT_REOPEN_WINDOW_SECONDS = 7 * 24 * 3600;

/** How long a resolved ticket of this definition may be reopened, in ms (0: not at all). */
export function reopenWindowMs(spec: DefinitionSpec): number {
  return (spec.reopenWindowSeconds ?? DEFAULT_REOPEN_WINDOW_SECONDS) * 1000;
}

/** The label of a transition without one: its name in words ("send_back" → "Send back"). */
export function transitionLabel(transition: Pick<TransitionSpec, 'action' | 'label'>): string {
  if (transition.label) return transition.label;
  const words = transition.action.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The transitions out of a step, as choices for its assignee. */
export function transitionChoices(spec: DefinitionSpec, stepKey: string): TransitionChoice[] {
  return spec.transitions
    .filter((t) => t.from === stepKey)
    .map((t) => ({
      action: t.action,
      label: transitionLabel(t),
      notesRequired: t.notesRequired ?? false,
    }));
}

/** Actions an agent may take on a step of this definition. */
export function allowedActions(spec: DefinitionSpec, stepKey: string): TaskAction[] {
  const step = stepOf(spec, stepKey);
  const transitions = spec.transitions.filter((t) => t.from === stepKey).map((t) => t.action);
  const builtIns = STEP_ACTIONS.filter((action) => action !== 'escalate' || step.escalateTo);
  return [...transitions, ...builtIns];
}
