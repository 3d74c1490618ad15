import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LifecycleView } from '../../workflows/messages';
import { launchChromium, screenshot, signedIn } from '../support/browser';
import { callService, logIn, type Session } from '../support/platformSessions';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { eventually } from '../support/platform';
import { ADMIN, AGENT_PASSWORD, REQUESTER } from '../support/demoUsers';

const AGENTS = ['it1@helpdesk.local', 'it2@helpdesk.local'];
const LIVE_MS = 20_000;
/** A pushed change must show this soon; the lists' fallback refresh is every 30 s. */
const PUSHED_MS = 3_000;

/** Socket frames a page received, as text (to see what was pushed, and what was not). */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => frames.push(String(payload)));
  });
  return frames;
}

/**
 * The dashboard's trend charts with real data, each with its table view, and the live lists: a
 * new assignment appears in the agent's open queue, and the requester's list moves, without a
 * reload, pushed over the messaging socket.
 */
describe('dashboard charts and live lists in a real browser', () => {
  let platform: MiniPlatform;
  let browser: Browser;
  let webUrl: string;
  const contexts: BrowserContext[] = [];
  const sessions = new Map<string, Promise<Session>>();

  const signIn = async (email: string, password: string) => {
    const session = await signedIn(browser, webUrl, email, password);
    contexts.push(session.context);
    return session.page;
  };
  const sessionOf = (email: string, password: string): Promise<Session> => {
    if (!sessions.has(email)) sessions.set(email, logIn(platform.config, email, password));
    return sessions.get(email)!;
  };
  const fileTicket = async (subject: string): Promise<string> => {
    const answer = await callService(platform.config, 'ticket', 'POST', '/api/v1/tickets', {
      session: await sessionOf(REQUESTER.email, REQUESTER.password),
      body: {
        subject,
        description: 'Live list test.',
        priority: 'medium',
        department: 'IT',
        category: 'Support',
      },
    });
    expect(answer.status).toBe(201);
    return (answer.body.ticket as { number: string }).number;
  };
  const assigneeOf = (number: string): Promise<string> =>
    eventually(async () => {
      const state = await callService(
        platform.config,
        'workflow',
        'GET',
        `/api/v1/tickets/${number}/state`,
        { session: await sessionOf(ADMIN.email, ADMIN.password) },
      );
      const id = (state.body as unknown as LifecycleView).task?.assignee?.id;
      if (!id) throw new Error(`${number} not assigned yet`);
      return id;
    }, LIVE_MS);

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startMiniPlatform(), launchChromium()]);
    webUrl = `http://127.0.0.1:${platform.config.web.port}`;
  }, 150_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await platform?.stop();
  }, 60_000);

  it("shows a new assignment in the agent's open queue and the requester's list without a reload", async () => {
    const agents = await Promise.all(AGENTS.map((email) => sessionOf(email, AGENT_PASSWORD)));
    const queues = await Promise.all(AGENTS.map((email) => signIn(email, AGENT_PASSWORD)));
    const queueFrames = queues.map(recordFrames);
    for (const queue of queues) {
      await queue.goto('/tasks');
      await queue.getByRole('heading', { name: 'My queue' }).waitFor();
    }
    const requester = await signIn(REQUESTER.email, REQUESTER.password);
    const requesterFrames = recordFrames(requester);
    await requester.goto('/tickets');
    await requester
      .getByRole('heading', { name: /tickets/i })
      .first()
      .waitFor();
    // Both lists watch before anything is filed (the socket says so).
    await eventually(() => {
      for (const frames of [...queueFrames, requesterFrames])
        if (!frames.some((frame) => frame.includes('"watching"'))) throw new Error('not watching');
      return Promise.resolve();
    }, LIVE_MS);
    const loads = queues.map(() => 0);
    queues.forEach((queue, i) =>
      queue.on('framenavigated', () => {
        loads[i] = (loads[i] ?? 0) + 1;
      }),
    );

    const number = await fileTicket('Live queue: printer jams');
    const assigneeId = await assigneeOf(number);
    const assignedAt = Date.now();
    const mine = agents.findIndex((agent) => agent.userId === assigneeId);
    expect(mine).toBeGreaterThanOrEqual(0);
    const queue = queues[mine]!;
    await queue.getByTestId('task-row').filter({ hasText: number }).waitFor({ timeout: PUSHED_MS });
    const shownAfterMs = Date.now() - assignedAt;
    expect(shownAfterMs).toBeLessThan(PUSHED_MS);
    expect(loads[mine]).toBe(0);
    expect(queueFrames[mine]!.some((f) => f.includes('ticket.changed') && f.includes(number))).toBe(
      true,
    );
    // The other agent's queue did not get the ticket.
    expect(
      await queues[1 - mine]!.getByTestId('task-row').filter({ hasText: number }).count(),
    ).toBe(0);
    await screenshot(queue, 'agent-queue-live');

    // The requester's list shows it, pushed; what was pushed to them names no staff.
    await requester.getByRole('link', { name: number }).waitFor({ timeout: PUSHED_MS });
    const pushed = requesterFrames.filter((f) => f.includes('ticket.changed'));
    expect(pushed.some((f) => f.includes(number))).toBe(true);
    for (const frame of pushed) {
      expect(frame).not.toContain('assigneeId');
      expect(frame).not.toContain('slaDeadline');
    }
    process.stdout.write(
      `live queue: assignment shown ${String(shownAfterMs)} ms after the workflow had it\n`,
    );
  }, 120_000);

  it('draws the trends with data, and every chart has a captioned table view', async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    await admin.goto('/admin?trend=7d');
    await admin.getByRole('heading', { name: 'Trends' }).waitFor({ timeout: LIVE_MS });
    const charts = admin.getByTestId('chart');
    await charts.first().waitFor();
    expect(await charts.count()).toBe(7);
    // Drawn charts are SVG (recharts); those with data are not empty states.
    const filed = charts.filter({
      has: admin.getByRole('heading', { name: 'Tickets filed and resolved' }),
    });
    await filed.locator('svg.recharts-surface').first().waitFor();
    expect(await filed.getByRole('figure').getAttribute('aria-label')).toMatch(/[1-9]\d* filed/);
    await screenshot(admin, 'admin-dashboard-trends');

    const tableOf = async (title: string) => {
      const card = charts.filter({ has: admin.getByRole('heading', { name: title }) });
      await card.getByRole('button', { name: 'Show table' }).click();
      const table = card.getByRole('table', { name: title });
      await table.waitFor();
      return table;
    };
    const today = new Date().toISOString().slice(0, 10);
    const volume = await tableOf('Tickets filed and resolved');
    const todayRow = volume.getByRole('row', { name: new RegExp(today) });
    expect(Number(await todayRow.getByRole('cell').first().textContent())).toBeGreaterThanOrEqual(
      1,
    );
    expect(await (await tableOf('Open backlog')).getByRole('row').count()).toBe(8);
    const byRole = await tableOf('SLA compliance by role');
    await byRole.getByRole('row', { name: /IT Support/ }).waitFor();
    const byStep = await tableOf('SLA compliance by step');
    expect(await byStep.getByRole('row').count()).toBeGreaterThanOrEqual(2);
    const load = await tableOf('Open tickets per agent');
    expect(await load.getByRole('row').count()).toBeGreaterThanOrEqual(2);
    for (const title of ['First response time', 'Resolution time']) {
      const card = charts.filter({ has: admin.getByRole('heading', { name: title }) });
      await card.getByRole('button', { name: /Show table|Show chart/ }).waitFor();
    }
    await admin.getByRole('button', { name: 'Show chart' }).first().click();
    await filed.locator('svg.recharts-surface').first().waitFor();

    // The period picker asks the server for a year, bucketed per week.
    await admin.getByLabel('Over', { exact: true }).selectOption('1y');
    await admin.waitForURL(/trend=1y/);
    // The table view stays open while the period changes.
    const year = charts.getByRole('table', { name: 'Open backlog' });
    await year.getByRole('columnheader', { name: 'Week of' }).waitFor({ timeout: LIVE_MS });
    expect(await year.getByRole('row').count()).toBeGreaterThanOrEqual(52);
  }, 120_000);
});
