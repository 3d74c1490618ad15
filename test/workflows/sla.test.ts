import type { BusinessCalendar } from '../../domain/businessHours';
import { actUpdate, overrideUpdate } from '../../workflows/messages';
import { admin, LifecycleHarness, people, testDefinition } from '../support/lifecycle';
import { eventually } from '../support/platform';

const harness = new LifecycleHarness();

/**
 * A UTC calendar whose only working time today is two windows of seconds, starting `leadMs` from
 * now: [start, start + 2 s) and [start + 6 s, start + 10 s). Waits out a midnight first.
 */
async function secondsCalendar(
  leadMs: number,
): Promise<{ calendar: BusinessCalendar; start: number }> {
  const dayMs = 86_400_000;
  if ((Date.now() % dayMs) + leadMs + 12_000 > dayMs) {
    await new Promise((resolve) => setTimeout(resolve, dayMs - (Date.now() % dayMs) + 100));
  }
  const start = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const time = (at: number) => new Date(at).toISOString().slice(11, 19);
  const day = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[
    new Date(start).getUTCDay()
  ]!;
  return {
    start,
    calendar: {
      timeZone: 'UTC',
      hours: [
        { days: [day], from: time(start), to: time(start + 2_000) },
        { days: [day], from: time(start + 6_000), to: time(start + 10_000) },
      ],
      holidays: [],
    },
  };
}

/** Priority high → ticket SLA 8 s; triage weight 0.5 → 4 s target, warning at 3 s. */
const SLA_SECONDS = 8;

describe('SLA clocks on the real server (targets of seconds)', () => {
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
  });
  afterAll(() => harness.stop());

  it('warns at 75 %, then on breach notifies, escalates to the escalation role and marks it breached', async () => {
    const spec = await harness.deploy(testDefinition({}, SLA_SECONDS));
    const handle = await harness.startTicket(spec);
    const assigned = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const assignee = assigned.task!.assignee!;
    const deadline = Date.parse(assigned.task!.slaDeadline!);
    await harness.waitForNotifications('notification', 1);

    const warned = await harness.waitFor(handle, (v) => v.task?.warningSent === true, 10_000);
    expect(warned.task?.slaBreached).toBe(false);
    const warning = await harness.waitForEvent(warned.ticketNumber, 'sla_warning');
    // Fired at 75 % of the 4 s target (not early), and before the breach (the view above).
    expect(Date.parse(warning.occurredAt)).toBeGreaterThanOrEqual(deadline - 1_000);
    const warnings = await harness.waitForNotifications('notification', 2);
    expect(warnings.map((m) => [m.type, m.recipient.userId]).sort()).toEqual(
      [
        ['sla_warning', assignee.id],
        ['sla_warning', people.coordinator.id],
      ].sort(),
    );

    const breached = await harness.waitFor(
      handle,
      (v) => v.task?.slaBreached === true && v.task.role === 'Manager',
      10_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(breached.task).toMatchObject({ assignee: people.manager, role: 'Manager' });
    const email = await harness.waitForNotifications('notification', 3);
    expect(email.map((m) => m.type).sort()).toEqual(['escalation', 'sla_breach', 'sla_breach']);
    await eventually(async () => {
      const types = harness.peers.eventsOf(breached.ticketNumber).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['sla_warning', 'sla_breached', 'escalated']));
      const { searchAttributes } = await handle.describe();
      expect(searchAttributes).toMatchObject({
        SlaBreached: [true],
        AssignedRole: ['Manager'],
        AssigneeId: [people.manager.id],
      });
    });
    await handle.terminate();
  });

  it('counts business hours: warning and breach fire at the right working moment', async () => {
    const { calendar, start } = await secondsCalendar(3_000);
    const base = testDefinition({ calendar }, SLA_SECONDS);
    const [triage, ...rest] = base.steps;
    const spec = await harness.deploy({
      ...base,
      steps: [{ ...triage!, slaSeconds: { high: 4 } }, ...rest],
    });
    const handle = await harness.startTicket(spec);
    const assigned = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    // 2 s of the first window, then 2 s of the second (around the clock it would be 4 s from now).
    expect(Date.parse(assigned.task!.slaDeadline!)).toBe(start + 8_000);
    const warning = await harness.waitForEvent(assigned.ticketNumber, 'sla_warning', 20_000);
    expect(Date.parse(warning.occurredAt)).toBeGreaterThanOrEqual(start + 7_000);
    const breach = await harness.waitForEvent(assigned.ticketNumber, 'sla_breached', 20_000);
    expect(Date.parse(breach.occurredAt)).toBeGreaterThanOrEqual(start + 8_000);
    await handle.terminate();
  });

  it('pauses the clock on hold: the deadline moves by the time spent on hold', async () => {
    const spec = await harness.deploy(testDefinition({}, SLA_SECONDS));
    const handle = await harness.startTicket(spec);
    const assigned = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const assignee = assigned.task!.assignee!;
    const before = Date.parse(assigned.task!.slaDeadline!);

    const held = await handle.executeUpdate(actUpdate, {
      args: [{ actor: { userId: assignee.id, roles: [] }, action: 'hold' }],
    });
    expect(held).toMatchObject({ status: 'on_hold', task: { slaDeadline: null } });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect((await harness.waitFor(handle, () => true)).task?.warningSent).toBe(false);

    const resumed = await handle.executeUpdate(actUpdate, {
      args: [{ actor: { userId: assignee.id, roles: [] }, action: 'resume' }],
    });
    expect(resumed.status).toBe('open');
    const after = Date.parse(resumed.task!.slaDeadline!);
    expect(after - before).toBeGreaterThanOrEqual(3_900);
    expect(after - before).toBeLessThan(6_000);
    await handle.terminate();
  });

  it('recomputes the deadline when an admin changes the priority', async () => {
    const spec = await harness.deploy(testDefinition({}, 600));
    const handle = await harness.startTicket(spec, { priority: 'high' });
    const assigned = await harness.waitFor(handle, (v) => v.task?.assignee != null);
    const before = Date.parse(assigned.task!.slaDeadline!);

    const changed = await handle.executeUpdate(overrideUpdate, {
      args: [{ actor: admin, type: 'change_priority', priority: 'critical', reason: 'CEO laptop' }],
    });
    expect(changed.priority).toBe('critical');
    const after = Date.parse(changed.task!.slaDeadline!);
    expect(before - after).toBeGreaterThan(149_000);
    expect(before - after).toBeLessThan(151_000);
    const { searchAttributes } = await handle.describe();
    expect(searchAttributes).toMatchObject({ Priority: ['critical'] });
    expect((searchAttributes.SlaDeadline as Date[])[0]?.getTime()).toBe(after);
    const task = await harness.database
      .db('tasks')
      .where({ id: changed.task!.taskId })
      .first<{ sla_deadline: Date }>();
    expect(task.sla_deadline.getTime()).toBe(after);
    await handle.terminate();
  });
});
