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

/** The step with escalateTo set, or without one when it is blank. */
export function withEscalation(step: StepSpec, escalateTo: string): StepSpec {
  const next = { ...step };
  delete next.escalateTo;
  return escalateTo ? { ...next, escalateTo } : next;
}

export const hours = (seconds: number): string => String(Math.round((seconds / 3600) * 100) / 100);
export const seconds = (hoursText: string): number => Math.round(Number(hoursText) * 3600);
