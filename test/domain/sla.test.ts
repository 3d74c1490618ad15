import {
  deadlineOf,
  nextSlaEvent,
  pauseClock,
  resumeClock,
  retargetClock,
  startClock,
  stepTargetMs,
} from '../../domain/sla';
import { testDefinition } from '../support/lifecycle';

describe('SLA clock', () => {
  const spec = testDefinition({}, 1000);

  it('gives a step weight × the priority SLA, unless the step sets its own target', () => {
    const [triage] = spec.steps;
    expect(stepTargetMs(spec, triage!, 'high')).toBe(500_000);
    expect(stepTargetMs(spec, triage!, 'low')).toBe(2_000_000);
    expect(stepTargetMs(spec, { ...triage!, slaSeconds: { high: 60 } }, 'high')).toBe(60_000);
  });

  it('fires the warning at the ratio, then the breach at the deadline, each once', () => {
    const clock = startClock(0, 1000);
    expect(nextSlaEvent(clock, 0.75)).toEqual({ kind: 'warning', at: 750 });
    expect(nextSlaEvent({ ...clock, warningSent: true }, 0.75)).toEqual({
      kind: 'breach',
      at: 1000,
    });
    expect(nextSlaEvent({ ...clock, warningSent: true, breached: true }, 0.75)).toBeNull();
  });

  it('adds paused time to the deadline and has no deadline while paused', () => {
    const paused = pauseClock(startClock(0, 1000), 200);
    expect(deadlineOf(paused)).toBeNull();
    expect(nextSlaEvent(paused, 0.75)).toBeNull();
    const resumed = resumeClock(paused, 700);
    expect(deadlineOf(resumed)).toBe(1500);
    expect(deadlineOf(resumeClock(pauseClock(resumed, 800), 900))).toBe(1600);
  });

  it('moves the deadline when the target changes, keeping pauses', () => {
    const clock = resumeClock(pauseClock(startClock(0, 1000), 100), 300);
    expect(deadlineOf(retargetClock(clock, 400))).toBe(600);
  });
});
