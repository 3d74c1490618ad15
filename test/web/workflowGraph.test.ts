import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HttpServiceName } from '../../infra/config/services';
import type { LifecycleView } from '../../workflows/messages';
import { launchChromium, screenshot, signedIn } from '../support/browser';
import { callService, logIn, type Session } from '../support/platformSessions';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { eventually } from '../support/platform';
import { ADMIN, AGENT_PASSWORD, REQUESTER } from '../support/demoUsers';

const LIVE_MS = 20_000;

/**
 * Issue 15 parts 1 and 4 in Chromium against the platform's real processes: a definition built on
 * its graph (steps added, connected by dragging, a server problem shown on its node), a ticket's
 * position on its workflow's graph, service API keys (shown once, last used, revoked) and role
 * membership in the audit log.
 */
describe('workflow graphs and admin screens in a real browser', () => {
  let platform: MiniPlatform;
  let browser: Browser;
  let webUrl: string;
  const contexts: BrowserContext[] = [];
  const sessions = new Map<string, Promise<Session>>();

  const signIn = async (who: { email: string; password: string }) => {
    const session = await signedIn(browser, webUrl, who.email, who.password);
    contexts.push(session.context);
    return session.page;
  };
  async function api(
    service: HttpServiceName,
    method: string,
    path: string,
    who: { email: string; password: string } | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    let session: Session | null = null;
    if (who) {
      if (!sessions.has(who.email))
        sessions.set(who.email, logIn(platform.config, who.email, who.password));
      session = await sessions.get(who.email)!;
    }
    return callService(platform.config, service, method, path, { session, body, headers });
  }
  /** An element's centre once it stops moving (the graph fits itself to view after a change). */
  async function settledCentre(page: Page, selector: string) {
    let last = '';
    for (let tries = 0; tries < 50; tries++) {
      const found = await page.locator(selector).boundingBox();
      const centre = found && { x: found.x + found.width / 2, y: found.y + found.height / 2 };
      if (centre && JSON.stringify(centre) === last) return centre;
      last = JSON.stringify(centre);
      await page.waitForTimeout(100);
    }
    throw new Error(`${selector} did not come to rest on screen`);
  }
  /** Drags from one element's centre to another's with the mouse, as a person connects nodes. */
  async function drag(page: Page, from: string, to: string) {
    await page.getByTestId('workflow-graph').scrollIntoViewIfNeeded();
    const start = await settledCentre(page, from);
    const end = await settledCentre(page, to);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
    await page.mouse.move(end.x, end.y, { steps: 5 });
    await page.mouse.up();
  }
  const node = (page: Page, key: string) =>
    page.locator(`[data-testid="graph-step"][data-step="${key}"]`);

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startMiniPlatform(), launchChromium()]);
    webUrl = `http://127.0.0.1:${platform.config.web.port}`;
  }, 150_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await platform?.stop();
  }, 60_000);

  it('builds a definition on its graph: add, connect, a problem on its node, then saved', async () => {
    const admin = await signIn(ADMIN);
    await admin.goto('/admin/workflows/new');
    await admin.getByLabel('Definition key', { exact: true }).fill('graph-built');
    await admin.getByLabel('Name', { exact: true }).first().fill('Built on the graph');
    await admin.getByLabel('Category', { exact: true }).fill('Graph');
    await node(admin, 'triage').waitFor();

    await admin.getByRole('button', { name: 'Add step' }).click();
    await node(admin, 'step-2').waitFor();
    const inspector = admin.getByTestId('step-row');
    expect(await inspector.getByLabel('Step key', { exact: true }).inputValue()).toBe('step-2');
    await inspector.getByLabel('Name', { exact: true }).fill('Approval');
    await inspector.getByLabel('Step key', { exact: true }).fill('approval');

    // Triage → Approval and Approval → End, by dragging from a step's lower handle.
    await drag(
      admin,
      '[data-testid="graph-step"][data-step="triage"] .react-flow__handle.source',
      '[data-testid="graph-step"][data-step="approval"] .react-flow__handle.target',
    );
    await admin.getByRole('button', { name: 'triage —Approve→ approval' }).waitFor();
    await drag(
      admin,
      '[data-testid="graph-step"][data-step="approval"] .react-flow__handle.source',
      '[data-testid="graph-end"] .react-flow__handle.target',
    );
    const transitions = admin.getByRole('navigation', { name: 'Transitions' });
    await transitions.getByRole('button', { name: 'approval —Resolve→ End' }).waitFor();
    expect(await admin.locator('.react-flow__edge').count()).toBe(3);
    // The new line is selected: rename it in place.
    await admin.getByTestId('transition-row').getByLabel('Name', { exact: true }).fill('sign_off');
    await transitions.getByRole('button', { name: 'approval —Sign off→ End' }).waitFor();

    // Approval has no role: the server's 422 shows on its node, the other node stays clean.
    await admin.getByRole('button', { name: 'Create definition' }).click();
    await admin.getByTestId('definition-errors').waitFor();
    const problem = node(admin, 'approval').getByTestId('graph-step-problems');
    expect(await problem.textContent()).toContain('role: is required');
    expect(await node(admin, 'approval').getAttribute('class')).toContain('has-problem');
    expect(await node(admin, 'triage').getByTestId('graph-step-problems').count()).toBe(0);
    await screenshot(admin, 'admin-definition-graph-problem');

    await node(admin, 'approval').click();
    const role = admin.getByTestId('step-row').getByLabel('Role', { exact: true });
    expect(await role.getAttribute('aria-invalid')).toBe('true');
    await role.fill('Manager');
    await admin.getByRole('button', { name: 'Create definition' }).click();
    await admin.waitForURL('**/admin/workflows/graph-built');
    await admin.reload();
    await node(admin, 'approval').waitFor();
    expect(await node(admin, 'approval').textContent()).toContain('Manager');
    expect(await admin.locator('.react-flow__edge').count()).toBe(3);
    const saved = await api('workflow', 'GET', '/api/v1/workflows/graph-built', ADMIN);
    expect(saved.body).toMatchObject({
      spec: {
        startStep: 'triage',
        steps: [{ key: 'triage' }, { key: 'approval', name: 'Approval', role: 'Manager' }],
        transitions: [
          { from: 'triage', action: 'resolve', to: null },
          { from: 'triage', action: 'approve', to: 'approval', ticketStatus: 'in_progress' },
          { from: 'approval', action: 'sign_off', to: null, ticketStatus: 'resolved' },
        ],
      },
    });

    // Removing a step takes its lines with it.
    await node(admin, 'approval').click();
    await admin.getByRole('button', { name: /Remove step Approval/ }).click();
    await node(admin, 'approval').waitFor({ state: 'detached' });
    expect(await admin.locator('.react-flow__edge').count()).toBe(1);
  }, 90_000);

  it("shows staff the ticket's graph with its current step and the path it took", async () => {
    const deployed = await api('workflow', 'POST', '/api/v1/workflows', ADMIN, {
      key: 'two-steps',
      deploy: true,
      spec: {
        name: 'Two steps',
        department: 'IT',
        category: 'Two steps',
        sla: { low: 7200, medium: 3600, high: 3600, critical: 3600 },
        steps: [
          { key: 'triage', name: 'Triage', role: 'Manager', weight: 0.5 },
          { key: 'fix', name: 'Fix', role: 'Manager', weight: 0.5, escalateTo: 'IT Support' },
        ],
        startStep: 'triage',
        transitions: [
          { from: 'triage', action: 'approve', to: 'fix', ticketStatus: 'in_progress' },
          { from: 'fix', action: 'send_back', to: 'triage', ticketStatus: 'in_progress' },
          { from: 'fix', action: 'resolve', to: null, ticketStatus: 'resolved' },
        ],
      },
    });
    expect(deployed.status).toBe(201);
    const filed = await api('ticket', 'POST', '/api/v1/tickets', REQUESTER, {
      subject: 'Keyboard missing keys',
      description: 'The F and J keys are gone.',
      priority: 'medium',
      department: 'IT',
      category: 'Two steps',
    });
    const number = (filed.body.ticket as { number: string }).number;
    const task = await eventually(async () => {
      const state = await api('workflow', 'GET', `/api/v1/tickets/${number}/state`, ADMIN);
      const live = (state.body as unknown as LifecycleView).task;
      if (!live?.assignee) throw new Error(`${number} not assigned yet`);
      return live;
    }, LIVE_MS);
    const agent = { email: task.assignee!.email, password: AGENT_PASSWORD };
    const acted = await api('workflow', 'POST', `/api/v1/tasks/${task.taskId}/actions`, agent, {
      action: 'approve',
    });
    expect(acted.status).toBe(200);

    const page = await signIn(agent);
    await page.goto(`/tickets/${number}`);
    const graph = page.getByTestId('ticket-workflow');
    await node(page, 'fix').waitFor({ timeout: LIVE_MS });
    expect(await node(page, 'fix').getAttribute('data-state')).toBe('current');
    expect(await node(page, 'fix').textContent()).toContain('Current');
    expect(await node(page, 'triage').getAttribute('data-state')).toBe('visited');
    expect(await graph.locator('.react-flow__edge.state-taken').count()).toBe(1);
    expect(await graph.getByTestId('ticket-path').locator('li').allTextContents()).toEqual([
      'Triage — Approve',
      'Fix (current)',
    ]);
    await screenshot(page, 'agent-ticket-workflow-graph');

    const requester = await signIn(REQUESTER);
    await requester.goto(`/tickets/${number}`);
    await requester.getByTestId('ticket-status').waitFor();
    expect(await requester.getByTestId('ticket-workflow').count()).toBe(0);
  }, 90_000);

  it('creates a service API key shown once, shows its last use, and revokes it', async () => {
    const admin = await signIn(ADMIN);
    await admin.getByRole('link', { name: 'API keys' }).click();
    await admin.getByRole('heading', { name: 'Service API keys' }).waitFor();
    const form = admin.getByRole('form', { name: 'New service key' });
    await form.getByLabel('Name', { exact: true }).fill('Reports!');
    await form.getByRole('button', { name: 'Create key' }).click();
    await form.getByText('Scopes: ').waitFor();
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await form.getByLabel('Name', { exact: true }).fill('reports');
    await form.getByLabel('users:read').check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const shown = admin.getByTestId('new-service-key');
    const apiKey = await shown.getByLabel('API key').inputValue();
    expect(apiKey).toMatch(/^[0-9a-f]{12}\.[A-Za-z0-9_-]{32}$/);
    const row = admin.locator('[data-testid="service-key-row"][data-name="reports"]');
    expect(await row.textContent()).toContain(apiKey.split('.')[0]);
    expect(await row.getByTestId('last-used').textContent()).toBe('never');
    await screenshot(admin, 'admin-service-key-created');

    await admin.reload();
    await row.waitFor();
    expect(await admin.getByTestId('new-service-key').count()).toBe(0);
    expect(await admin.content()).not.toContain(apiKey.split('.')[1]);

    const exchange = () =>
      api('auth', 'POST', '/api/v1/service-tokens', null, undefined, { 'x-api-key': apiKey });
    expect((await exchange()).status).toBe(200);
    await admin.reload();
    await row.waitFor();
    expect(await row.getByTestId('last-used').textContent()).not.toBe('never');

    await row.getByRole('button', { name: 'Revoke key reports' }).click();
    await row.getByRole('button', { name: 'Keep it' }).click();
    expect((await exchange()).status).toBe(200);
    await row.getByRole('button', { name: 'Revoke key reports' }).click();
    await row.getByRole('button', { name: 'Revoke reports' }).click();
    await row.getByText(/^Revoked /).waitFor();
    expect((await exchange()).status).toBe(401);
  }, 60_000);

  it('lists role membership changes in the audit log, filtered to one person', async () => {
    const users = await api('auth', 'GET', '/api/v1/users?q=manager2', ADMIN);
    const manager2 = (users.body.items as { id: string }[])[0]!.id;
    const membership = { userId: manager2, system: 'tts', role: 'IT Support' };
    expect((await api('auth', 'POST', '/api/v1/user-system-roles', ADMIN, membership)).status).toBe(
      201,
    );
    expect(
      (await api('auth', 'DELETE', '/api/v1/user-system-roles', ADMIN, membership)).status,
    ).toBe(204);

    const admin = await signIn(ADMIN);
    await admin.goto('/admin/audit');
    await admin.getByRole('button', { name: 'Role membership' }).click();
    await admin.waitForURL('**/admin/audit?view=roles');
    await admin.getByLabel('Person', { exact: true }).selectOption(manager2);
    await admin.waitForURL(`**/admin/audit?view=roles&user=${manager2}`);
    const rows = admin.getByTestId('membership-row');
    // The page keeps the unfiltered rows until the filtered answer arrives.
    const texts = await eventually(async () => {
      const shown = await rows.allTextContents();
      if (shown.length === 0 || !shown.every((text) => text.includes('manager2@helpdesk.local')))
        throw new Error(`not filtered yet: ${shown.length} rows`);
      return shown;
    }, LIVE_MS);
    expect(texts.slice(0, 2)).toEqual([
      expect.stringMatching(/Taken away.*manager2@helpdesk\.local.*IT Support \(tts\)/),
      expect.stringMatching(/Given.*manager2@helpdesk\.local.*IT Support \(tts\)/),
    ]);
    await screenshot(admin, 'admin-audit-role-membership');
  }, 60_000);
});
