import { definitionSpecSchema } from '../../domain/definitionSchema';
import { allowedActions, definitionProblems } from '../../domain/definitions';
import { SEED_DEFINITIONS } from '../../api/workflow/definitions/seedDefinitions';
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
});
