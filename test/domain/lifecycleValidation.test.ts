import { rejectAct, rejectOverride } from '../../workflows/lifecycle/validation';
import { initialState, type LifecycleState } from '../../workflows/lifecycle/state';
import { startClock } from '../../domain/sla';
import { testDefinition } from '../support/lifecycle';

function onTriage(overrides: Partial<LifecycleState> = {}): LifecycleState {
  const state = initialState({
    number: 'TX-1',
    subject: 's',
    priority: 'high',
    department: 'IT',
    category: 'Support',
    requesterId: '9',
    system: 'tts',
    createdAt: '2026-01-01T00:00:00Z',
  });
  return {
    ...state,
    status: 'open',
    definition: { id: '1', key: 'test', version: 1, spec: testDefinition() },
    coordinator: { id: '3', email: 'c@x', name: 'C' },
    step: {
      seq: 1,
      key: 'triage',
      name: 'Triage',
      role: 'IT Support',
      taskId: '7',
      assignee: { id: '5', email: 'a@x', name: 'A' },
      assignmentSeq: 1,
      clock: startClock(0, 1000),
      started: false,
      escalated: false,
    },
    ...overrides,
  };
}

describe('lifecycle validators', () => {
  const assignee = { userId: '5', roles: ['IT Support'] };

  it('lets the assignee take an allowed action', () => {
    expect(rejectAct(onTriage(), { actor: assignee, action: 'approve' })).toBeNull();
  });

  it.each([
    [{ actor: { userId: '6', roles: ['IT Support'] }, action: 'approve' as const }, 'NotAssignee'],
    [{ actor: assignee, action: 'resolve' as const }, 'ActionNotAllowed'],
    [{ actor: assignee, action: 'transfer' as const }, 'InvalidTarget'],
    [{ actor: assignee, action: 'transfer' as const, targetUserId: '5' }, 'InvalidTarget'],
  ])('rejects %o as %s', (request, type) => {
    expect(rejectAct(onTriage(), request)?.type).toBe(type);
  });

  it('lets the coordinator or an admin transfer, but not approve', () => {
    const coordinator = { userId: '3', roles: ['Ticket Coordinator'] };
    expect(
      rejectAct(onTriage(), { actor: coordinator, action: 'transfer', targetUserId: '8' }),
    ).toBeNull();
    expect(
      rejectAct(onTriage(), { actor: { userId: '1', roles: ['admin'] }, action: 'escalate' }),
    ).toBeNull();
    expect(rejectAct(onTriage(), { actor: coordinator, action: 'approve' })?.type).toBe(
      'NotAssignee',
    );
  });

  it('allows only resume while on hold', () => {
    const held = onTriage({ status: 'on_hold' });
    expect(rejectAct(held, { actor: assignee, action: 'approve' })?.message).toBe(
      'the ticket is on hold: resume it first',
    );
    expect(rejectAct(held, { actor: assignee, action: 'resume' })).toBeNull();
  });

  it('refuses overrides on a closed ticket and from non-admins', () => {
    const admin = { userId: '1', roles: ['admin'] };
    expect(
      rejectOverride(onTriage({ status: 'resolved' }), { actor: admin, type: 'cancel' })?.message,
    ).toBe('ticket TX-1 is already resolved');
    expect(rejectOverride(onTriage(), { actor: assignee, type: 'cancel' })?.type).toBe(
      'InvalidOverride',
    );
    expect(rejectOverride(onTriage(), { actor: admin, type: 'cancel' })).toBeNull();
  });
});
