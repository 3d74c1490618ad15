import { definitionSpecSchema } from '../../domain/definitionSchema';
import { allowedActions, definitionProblems, transitionChoices } from '../../domain/definitions';
import { SEED_DEFINITIONS } from '../../api/workflow/seedDefinitions';
import { testDefinition } from '../support/lifecycle';

describe('workflow definition rules', () => {
  it.each(SEED_DEFINITIONS.map((d) => [d.key, d.spec] as const))(
    'seed %s is valid',
    (_key, spec) => {
      expect(definitionSpecSchema.parse(spec)).toEqual(spec);
      expect(definitionProblems(spec)).toEqual([]);
    },
  );

  it('names dangling transitions and a missing start step', () => {
    const spec = testDefinition({
      startStep: 'intake',
      transitions: [
        { from: 'triage', action: 'approve', to: 'nowhere', ticketStatus: 'in_progress' },
        { from: 'ghost', action: 'resolve', to: null, ticketStatus: 'resolved' },
      ],
    });
    expect(definitionProblems(spec)).toEqual([
      { field: 'startStep', message: 'start step intake is not a step' },
      { field: 'transitions.0.to', message: 'unknown step nowhere' },
      { field: 'transitions.1.from', message: 'unknown step ghost' },
    ]);
  });

  it('finds unreachable steps and steps with no way to the end', () => {
    const spec = testDefinition({
      steps: [
        { key: 'triage', name: 'Triage', role: 'IT Support', weight: 0.5 },
        { key: 'resolution', name: 'Resolution', role: 'IT Support', weight: 0.3 },
        { key: 'island', name: 'Island', role: 'IT Support', weight: 0.2 },
      ],
      transitions: [
        { from: 'triage', action: 'approve', to: 'resolution', ticketStatus: 'in_progress' },
        { from: 'resolution', action: 'approve', to: 'triage', ticketStatus: 'in_progress' },
        { from: 'island', action: 'resolve', to: null, ticketStatus: 'resolved' },
      ],
    });
    expect(definitionProblems(spec)).toEqual([
      { field: 'steps.0', message: 'no path from step triage to the end' },
      { field: 'steps.1', message: 'no path from step resolution to the end' },
      { field: 'steps.2', message: 'step island cannot be reached from the start step' },
    ]);
  });

  it('rejects duplicate step keys and two transitions for one action', () => {
    const base = testDefinition();
    const spec = {
      ...base,
      steps: [...base.steps, { key: 'triage', name: 'Again', role: 'X', weight: 0.1 }],
      transitions: [
        ...base.transitions,
        { from: 'triage', action: 'approve' as const, to: null, ticketStatus: 'resolved' as const },
      ],
    };
    expect(definitionProblems(spec).map((p) => p.field)).toEqual([
      'steps.2.key',
      'transitions.3.action',
    ]);
  });

  it('allows escalation only where the step has an escalation role', () => {
    const spec = testDefinition();
    expect(allowedActions(spec, 'triage')).toEqual([
      'approve',
      'reject',
      'start',
      'transfer',
      'escalate',
      'hold',
      'resume',
    ]);
    expect(allowedActions(spec, 'resolution')).toEqual([
      'resolve',
      'start',
      'transfer',
      'hold',
      'resume',
    ]);
  });

  it('validates the document shape with field paths', () => {
    const result = definitionSpecSchema.safeParse({
      ...testDefinition(),
      sla: { low: 1, medium: 1, high: -5 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['sla.high', 'sla.critical']);
  });

  it('takes named transitions with labels and required notes, including ones back to earlier steps', () => {
    const base = testDefinition();
    const spec = definitionSpecSchema.parse({
      ...base,
      transitions: [
        ...base.transitions,
        {
          from: 'resolution',
          action: 'send_back',
          to: 'triage',
          ticketStatus: 'in_progress',
          notesRequired: true,
        },
        {
          from: 'resolution',
          action: 'needs-info',
          label: 'Ask the requester',
          to: 'resolution',
          ticketStatus: 'in_progress',
        },
      ],
    });
    expect(definitionProblems(spec)).toEqual([]);
    expect(transitionChoices(spec, 'resolution')).toEqual([
      { action: 'resolve', label: 'Resolve', notesRequired: false },
      { action: 'send_back', label: 'Send back', notesRequired: true },
      { action: 'needs-info', label: 'Ask the requester', notesRequired: false },
    ]);
    expect(allowedActions(spec, 'resolution').slice(0, 3)).toEqual([
      'resolve',
      'send_back',
      'needs-info',
    ]);
    const clash = definitionSpecSchema.safeParse({
      ...base,
      transitions: [
        { from: 'triage', action: 'transfer', to: null, ticketStatus: 'closed' },
        { from: 'triage', action: 'Send Back!', to: null, ticketStatus: 'closed' },
        { from: 'triage', action: 'ok', label: ' ', to: null, ticketStatus: 'closed' },
      ],
    });
    expect(clash.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'transitions.0.action',
      'transitions.1.action',
      'transitions.2.label',
    ]);
  });
});
