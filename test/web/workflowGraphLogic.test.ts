import type { DefinitionSpec } from '../../domain/definitionSchema';
import { layoutWorkflow } from '../../web/src/components/graph/graphModel';
import { elementOf, takenKey } from '../../web/src/components/graph/graphMarks';
import {
  addStep,
  blankDefinition,
  connectSteps,
  removeStep,
} from '../../web/src/pages/admin/definitionDraft';

const twoSteps = (): DefinitionSpec => ({
  ...blankDefinition(),
  steps: [
    { key: 'triage', name: 'Triage', role: 'IT Support', weight: 0.5 },
    { key: 'fix', name: 'Fix', role: 'IT Support', weight: 0.5 },
  ],
  transitions: [
    { from: 'triage', action: 'approve', to: 'fix', ticketStatus: 'in_progress' },
    { from: 'fix', action: 'send_back', to: 'triage', ticketStatus: 'in_progress' },
    { from: 'fix', action: 'resolve', to: null, ticketStatus: 'resolved' },
  ],
});

describe('workflow graph logic (web)', () => {
  it('names a connection by the first common name the step does not use yet', () => {
    let spec = twoSteps();
    spec = connectSteps(spec, 0, null);
    expect(spec.transitions.at(-1)).toEqual({
      from: 'triage',
      action: 'resolve',
      to: null,
      ticketStatus: 'resolved',
    });
    spec = connectSteps(spec, 0, 1);
    expect(spec.transitions.at(-1)).toMatchObject({ action: 'reject', to: 'fix' });
    spec = connectSteps(connectSteps(spec, 0, 1), 0, 1);
    expect(spec.transitions.slice(-2).map((t) => t.action)).toEqual(['close', 'approve_2']);
    expect(connectSteps(spec, 7, 1)).toBe(spec);
    expect(connectSteps(spec, 0, 7)).toBe(spec);
  });

  it('removes a step with its lines, and moves the start when the start goes', () => {
    const spec = removeStep(twoSteps(), 0);
    expect(spec.steps.map((s) => s.key)).toEqual(['fix']);
    expect(spec.startStep).toBe('fix');
    expect(spec.transitions).toEqual([
      { from: 'fix', action: 'resolve', to: null, ticketStatus: 'resolved' },
    ]);
    const duplicate = { ...twoSteps(), steps: [...twoSteps().steps, twoSteps().steps[1]!] };
    expect(removeStep(duplicate, 2).transitions).toHaveLength(3);
    expect(removeStep(duplicate, 9)).toBe(duplicate);
  });

  it('adds steps with keys no other step has', () => {
    const spec = addStep(
      addStep({ ...twoSteps(), steps: [{ ...twoSteps().steps[0]!, key: 'step-3' }] }),
    );
    expect(spec.steps.map((s) => s.key)).toEqual(['step-3', 'step-2', 'step-4']);
  });

  it('lays the graph out with problems on their elements and the path taken marked', () => {
    const drawn = layoutWorkflow(twoSteps(), {
      problems: { 'steps.1.role': 'is required', 'transitions.2': 'bad', startStep: 'x' },
      currentStep: 'fix',
      visitedSteps: new Set(['triage', 'fix']),
      takenTransitions: new Set([takenKey('triage', 'approve')]),
    });
    expect(drawn.steps.map((s) => [s.start, s.state, s.problems])).toEqual([
      [true, 'visited', []],
      [false, 'current', ['role: is required']],
    ]);
    expect(
      drawn.transitions.map((t) => [t.source, t.target, t.label, t.state, t.problems]),
    ).toEqual([
      ['step-0', 'step-1', 'Approve', 'taken', []],
      ['step-1', 'step-0', 'Send back', 'plain', []],
      ['step-1', 'end', 'Resolve', 'plain', ['bad']],
    ]);
    const [triage, fix] = drawn.steps;
    expect(triage!.y).toBeLessThan(fix!.y);
    expect(fix!.y).toBeLessThan(drawn.end.y);
  });

  it('draws what it can of a half-written definition without throwing', () => {
    const broken: DefinitionSpec = {
      ...twoSteps(),
      steps: [
        { key: '', name: '', role: '', weight: 0 },
        { key: '', name: '', role: '', weight: 0 },
      ],
      transitions: [
        { from: 'gone', action: '', to: 'nowhere', ticketStatus: 'resolved' },
        { from: '', action: 'loop', to: '', ticketStatus: 'in_progress' },
      ],
    };
    const drawn = layoutWorkflow(broken);
    expect(drawn.steps).toHaveLength(2);
    expect(drawn.transitions.map((t) => [t.index, t.source, t.target])).toEqual([
      [1, 'step-0', 'step-0'],
    ]);
    expect(layoutWorkflow({ ...broken, steps: [], transitions: [] }).steps).toEqual([]);
  });

  it('reads which element a server field path names', () => {
    expect(elementOf('steps.2.role')).toEqual({ kind: 'steps', index: 2, field: 'role' });
    expect(elementOf('transitions.0')).toEqual({ kind: 'transitions', index: 0, field: '' });
    expect(elementOf('steps.1.slaSeconds.high')).toMatchObject({ field: 'slaSeconds.high' });
    for (const other of ['startStep', 'steps', 'steps.x.role', 'calendar.hours.0.to', '']) {
      expect(elementOf(other)).toBeNull();
    }
  });
});
