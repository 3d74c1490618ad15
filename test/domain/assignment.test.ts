import { nextRoundRobin } from '../../domain/assignment';

describe('round-robin', () => {
  const people = [{ id: '10' }, { id: '2' }, { id: '33' }];

  it('orders candidates numerically by id and takes the one after the last assigned', () => {
    expect(nextRoundRobin(people, null)?.id).toBe('2');
    expect(nextRoundRobin(people, '2')?.id).toBe('10');
    expect(nextRoundRobin(people, '10')?.id).toBe('33');
    expect(nextRoundRobin(people, '33')?.id).toBe('2');
  });

  it('continues after a last assignee who left the role', () => {
    expect(nextRoundRobin(people, '11')?.id).toBe('33');
  });

  it('has nobody to pick from an empty role', () => {
    expect(nextRoundRobin([], '1')).toBeNull();
  });
});
