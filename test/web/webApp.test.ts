import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HttpServiceName } from '../../infra/config/services';
import type { LifecycleView } from '../../workflows/messages';
import { LAPTOP, launchChromium, PHONE, screenshot, signedIn } from '../support/browser';
import { requestJson } from '../support/http';
import { callService, logIn, type Session } from '../support/platformSessions';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';
import { eventually } from '../support/platform';
import { ADMIN, AGENT_PASSWORD, FORGETFUL, REQUESTER } from '../support/demoUsers';

const LIVE_MS = 20_000;

/**
 * The web app in Debian's Chromium against the platform's real processes (every service, the
 * Temporal worker, the web server): a requester files a ticket, the assigned agent finds it in
 * the queue, the two talk live, the agent acts, an admin overrides, the requester sees it closed.
 */
describe('web app in a real browser', () => {
  let platform: MiniPlatform;
  let browser: Browser;
  let webUrl: string;
  /** The ticket the first test files in the browser (later tests look it up). */
  let filedNumber = '';
  const contexts: BrowserContext[] = [];

  const signIn = async (who: { email: string; password: string }, viewport?: typeof PHONE) => {
    const session = await signedIn(browser, webUrl, who.email, who.password, viewport);
    contexts.push(session.context);
    return session.page;
  };

  const sessions = new Map<string, Promise<Session>>();
  /** The platform's APIs as the test's own hands (set-up and finding out whom to sign in as). */
  async function api(
    service: HttpServiceName,
    method: string,
    path: string,
    who: { email: string; password: string },
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    if (!sessions.has(who.email))
      sessions.set(who.email, logIn(platform.config, who.email, who.password));
    const session = await sessions.get(who.email)!;
    const answer = await callService(platform.config, service, method, path, { session, body });
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const stateOf = async (number: string) =>
    (await api(
      'workflow',
      'GET',
      `/api/v1/tickets/${number}/state`,
      ADMIN,
    )) as unknown as LifecycleView;

  /**
   * Outages with SLA clocks of seconds (critical breaches in 3 s, high is warned after 6 s), so
   * the agent's queue has a breached and an at-risk task above the ticket filed in the browser.
   */
  async function fileUrgentTickets(agentId: string): Promise<number> {
    await api('workflow', 'POST', '/api/v1/workflows', ADMIN, {
      key: 'outage',
      deploy: true,
      spec: {
        name: 'Outage',
        department: 'IT',
        category: 'Outage',
        sla: { low: 7200, medium: 3600, high: 120, critical: 3 },
        warningRatio: 0.05,
        steps: [{ key: 'fix', name: 'Fix', role: 'IT Support', weight: 1 }],
        startStep: 'fix',
        transitions: [{ from: 'fix', action: 'resolve', to: null, ticketStatus: 'resolved' }],
      },
    });
    const mine: string[] = [];
    let filed = 0;
    for (const priority of ['critical', 'high']) {
      // Files until round-robin hands one of this priority to the agent (it alternates agents).
      for (let attempt = 0; mine.length === (priority === 'critical' ? 0 : 1); attempt++) {
        if (attempt === 4) throw new Error(`no ${priority} outage reached agent ${agentId}`);
        filed++;
        const answer = await api('ticket', 'POST', '/api/v1/tickets', REQUESTER, {
          subject: `Outage (${priority})`,
          description: 'Printers on floor 3 are down.',
          priority,
          department: 'IT',
          category: 'Outage',
        });
        const number = (answer.ticket as { number: string }).number;
        const assignee = await eventually(async () => {
          const id = (await stateOf(number)).task?.assignee?.id;
          if (!id) throw new Error(`${number} not assigned yet`);
          return id;
        }, LIVE_MS);
        if (assignee === agentId) mine.push(number);
      }
    }
    await eventually(async () => {
      const [critical, high] = await Promise.all(mine.map(stateOf));
      if (!critical?.task?.slaBreached || !high?.task?.warningSent)
        throw new Error('the agent has no breached and at-risk task yet');
    }, LIVE_MS);
    return filed;
  }

  const status = (page: Page, text: string) =>
    page.getByTestId('ticket-status').filter({ hasText: text }).waitFor({ timeout: LIVE_MS });
  const comment = (page: Page, text: string) =>
    page.getByTestId('comment').filter({ hasText: text });

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startMiniPlatform(), launchChromium()]);
    webUrl = `http://127.0.0.1:${platform.config.web.port}`;
  }, 150_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await platform?.stop();
  }, 60_000);

  it('carries a ticket from intake to closed across requester, agent and admin', async () => {
    const requester = await signIn(REQUESTER);
    expect(new URL(requester.url()).pathname).toBe('/tickets');
    await requester.getByText('No tickets yet.').waitFor();

    await requester.getByRole('link', { name: 'New ticket' }).first().click();
    await requester
      .getByLabel('What is it about?', { exact: true })
      .selectOption({ label: 'IT · Support — IT support' });
    await requester.getByLabel('Subject', { exact: true }).fill('VPN drops every ten minutes');
    await requester
      .getByLabel('Description', { exact: true })
      .fill('Since Monday the VPN disconnects.');
    await requester.getByLabel('Priority', { exact: true }).selectOption('high');
    await requester.getByLabel('Attachments', { exact: true }).setInputFiles({
      name: 'vpn.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('disconnect reason: timeout\n'),
    });
    await screenshot(requester, 'requester-new-ticket');
    await requester.getByRole('button', { name: 'File ticket' }).click();
    await requester.waitForURL(/\/tickets\/[A-Z0-9]+-\d{8}-\d+$/);
    const number = requester.url().split('/').pop()!;
    filedNumber = number;
    await status(requester, 'Open');
    await requester.getByRole('button', { name: 'vpn.log' }).waitFor();

    const assigned = await eventually(async () => {
      const state = await stateOf(number);
      if (!state.task?.assignee) throw new Error('not assigned yet');
      return state.task;
    }, LIVE_MS);
    const outages = await fileUrgentTickets(assigned.assignee!.id);
    const agent = await signIn({ email: assigned.assignee!.email, password: AGENT_PASSWORD });
    expect(new URL(agent.url()).pathname).toBe('/tasks');
    const row = agent.getByTestId('task-row').filter({ hasText: number });
    await row.waitFor();
    expect(await row.textContent()).toContain('On track');
    const rows = await agent.getByTestId('task-row').all();
    const marks = await Promise.all(
      rows.map(async (r) => (await r.getAttribute('class'))?.replace('sla-row-', '')),
    );
    expect(marks[0]).toBe('breached');
    expect(marks.indexOf('warning')).toBeGreaterThan(marks.lastIndexOf('breached'));
    expect(marks.at(-1)).toBe('ok');
    expect(await agent.getByText(/\d+ breached/).count()).toBe(1);
    expect(Number(await agent.getByTestId('unread-count').textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(agent, 'agent-queue');

    await agent.goto(`/tasks?q=${number}`);
    await row.waitFor();
    expect(await agent.getByTestId('task-row').count()).toBe(1);
    await row.getByRole('link', { name: number }).click();
    await agent.waitForURL(`**/tickets/${number}`);
    await agent.getByText('Assignment history (1)').click();
    await agent.getByText(`${assigned.assignee!.name} · System · New`).waitFor();
    await requester
      .getByTestId('presence')
      .filter({ hasText: assigned.assignee!.name })
      .waitFor({ timeout: LIVE_MS });

    await agent.getByLabel('Comment', { exact: true }).fill('Which VPN client version do you run?');
    await agent.getByRole('button', { name: 'Send' }).click();
    await comment(requester, 'Which VPN client version do you run?').waitFor({ timeout: LIVE_MS });
    await requester
      .getByLabel('Comment', { exact: true })
      .fill('Version 5.2, on Wi-Fi and on cable.');
    await requester.getByLabel('Comment', { exact: true }).press('Control+Enter');
    await comment(agent, 'Version 5.2').waitFor({ timeout: LIVE_MS });
    await agent.getByLabel('Internal note', { exact: true }).check();
    await agent
      .getByLabel('Internal note (staff only)', { exact: true })
      .fill('Known bug in 5.2, fixed in 5.3.');
    await agent.getByRole('button', { name: 'Send' }).click();
    await comment(agent, 'Known bug in 5.2').waitFor();
    await requester.getByLabel('Comment', { exact: true }).fill('Anything else you need?');
    await requester.getByLabel('Attach files to the comment').setInputFiles({
      name: 'client-version.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('5.2.0 build 4411\n'),
    });
    await requester.getByRole('button', { name: 'Send' }).click();
    await comment(agent, 'Anything else you need?')
      .getByRole('button', { name: 'client-version.txt' })
      .waitFor({ timeout: LIVE_MS });
    expect(await comment(requester, 'Known bug in 5.2').count()).toBe(0);

    await comment(requester, 'Version 5.2, on').getByRole('button', { name: 'Edit' }).click();
    await requester.getByLabel('Edit comment').fill('Version 5.2.1, on Wi-Fi and on cable.');
    await requester.getByRole('button', { name: 'Save' }).click();
    await comment(agent, 'Version 5.2.1')
      .filter({ hasText: '(edited)' })
      .waitFor({ timeout: LIVE_MS });
    await comment(agent, 'Version 5.2.1').getByRole('button', { name: 'Reply' }).click();
    await agent.getByLabel('Internal note', { exact: true }).uncheck();
    await agent.getByLabel('Comment', { exact: true }).fill('Thanks, 5.3 will fix it.');
    await agent.getByRole('button', { name: 'Send' }).click();
    const reply = comment(requester, 'Thanks, 5.3 will fix it.');
    await reply.waitFor({ timeout: LIVE_MS });
    expect(await reply.textContent()).toContain('↪ Rita Requester: “Version 5.2.1');
    await reply.getByLabel(/^Rate .*comment$/).selectOption('5');
    await comment(agent, 'Thanks, 5.3 will fix it.').filter({ hasText: '★ 5 (1)' }).waitFor({
      timeout: LIVE_MS,
    });
    await screenshot(agent, 'agent-ticket-live');

    await agent.getByRole('button', { name: 'Approve' }).click();
    await agent.getByLabel('Notes (optional)', { exact: true }).fill('Upgrade to 5.3 scheduled.');
    await agent.getByRole('button', { name: 'Confirm: Approve' }).click();
    // The approval moves the ticket on to the Resolution step (briefly In progress, then Open again
    // once Resolution is assigned): both pages show the move without a reload.
    await requester.getByText('Status changed: Open → In progress').waitFor({ timeout: LIVE_MS });
    await agent.getByText(/^Resolution · IT Support · assigned to/).waitFor({ timeout: LIVE_MS });
    // Resolution's named transitions: its own label, and one back to triage.
    await agent.getByRole('button', { name: 'Send back to triage' }).waitFor();

    const admin = await signIn(ADMIN);
    expect(new URL(admin.url()).pathname).toBe('/admin');
    expect(Number(await admin.getByTestId('kpi-open').locator('.kpi-value').textContent())).toBe(
      1 + outages,
    );
    expect(
      await admin.getByTestId('kpi-first-response').locator('.kpi-value').textContent(),
    ).toMatch(/^\d+ (s|min)$/);
    await screenshot(admin, 'admin-dashboard');
    await admin.goto(`/tickets/${number}`);
    const temporal = admin.getByTestId('temporal-link');
    expect(await temporal.getAttribute('href')).toBe(
      `${platform.config.temporal.uiUrl}/namespaces/${platform.config.temporal.namespace}/workflows/ticket-${number}`,
    );

    await admin.getByLabel('Override', { exact: true }).selectOption('resume');
    await admin.getByRole('button', { name: 'Apply resume' }).click();
    const refusal = admin.locator('#overrides-title ~ form [role=alert]');
    await refusal.waitFor({ timeout: LIVE_MS });
    expect(await refusal.textContent()).toMatch(/hold/i);

    await admin.getByLabel('Override', { exact: true }).selectOption('force_transition');
    await admin.getByLabel('Move to', { exact: true }).selectOption('');
    await admin.getByLabel('Final status', { exact: true }).selectOption('closed');
    await admin
      .getByLabel("Reason (recorded in the ticket's history)", { exact: true })
      .fill('Fixed by the 5.3 rollout');
    await screenshot(admin, 'admin-override');
    await admin.getByRole('button', { name: 'Apply force transition' }).click();
    await status(admin, 'Closed');

    await status(requester, 'Closed');
    await requester.getByTestId('unread-count').waitFor({ timeout: LIVE_MS });
    await screenshot(requester, 'requester-closed');
  }, 240_000);

  it('shows a definition’s validation problems beside the fields they name', async () => {
    const admin = await signIn(ADMIN);
    await admin.goto('/admin/workflows');
    await admin.getByRole('link', { name: 'IT support' }).waitFor();
    await admin.getByRole('link', { name: 'New definition' }).click();
    await admin.getByLabel('Definition key', { exact: true }).fill('printers');
    await admin.getByLabel('Category', { exact: true }).fill('Printers');
    const steps = admin.getByTestId('step-row');
    await steps.getByLabel('Role', { exact: true }).fill('');
    const hours = admin.getByTestId('business-hours');
    await hours.getByLabel('SLA targets count working hours only').check();
    await hours.getByLabel('Time zone', { exact: true }).fill('Mars/Olympus');
    await admin.getByRole('button', { name: 'Create definition' }).click();

    await admin.getByTestId('definition-errors').waitFor();
    const zone = hours.getByLabel('Time zone', { exact: true });
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    const name = admin.getByLabel('Name', { exact: true }).first();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    const role = steps.getByLabel('Role', { exact: true });
    expect(await role.getAttribute('aria-invalid')).toBe('true');
    await screenshot(admin, 'admin-definition-errors');

    await name.fill('Printers');
    await role.fill('IT Support');
    await zone.fill('Europe/Berlin');
    await hours.getByTestId('hours-row').getByLabel('To', { exact: true }).fill('16:30');
    const transitions = admin.getByRole('navigation', { name: 'Transitions' });
    await transitions.getByRole('button').first().click();
    const transition = admin.getByTestId('transition-row');
    await transition.getByLabel('Name', { exact: true }).fill('fixed');
    await transition.getByLabel('Button label', { exact: true }).fill('Mark as fixed');
    await admin.getByRole('button', { name: 'Create definition' }).click();
    await admin.waitForURL('**/admin/workflows/printers');
    await admin.getByText('v1').first().waitFor();
    await admin.reload();
    expect(await admin.getByTestId('business-hours').getByLabel('Time zone').inputValue()).toBe(
      'Europe/Berlin',
    );
    expect(
      await admin.getByTestId('hours-row').getByLabel('To', { exact: true }).inputValue(),
    ).toBe('16:30');
    await transitions.getByRole('button', { name: /Mark as fixed/ }).click();
    expect(await admin.getByTestId('transition-row').getByLabel('Button label').inputValue()).toBe(
      'Mark as fixed',
    );
  }, 60_000);

  it('keeps one session across tabs, renews a rejected token once and signs out everywhere', async () => {
    const first = await signIn(REQUESTER);
    await first.evaluate(`(() => {
      const session = JSON.parse(localStorage.getItem('helpdesk.session'));
      session.tokens.accessToken = 'expired-or-forged';
      localStorage.setItem('helpdesk.session', JSON.stringify(session));
    })()`);
    const second = await first.context().newPage();
    const [a, b] = await Promise.all([second.goto('/tickets'), first.goto('/tickets')]);
    expect([a?.status(), b?.status()]).toEqual([200, 200]);
    await Promise.all(
      [first, second].map((page) => page.getByRole('table').waitFor({ timeout: LIVE_MS })),
    );
    const token = await first.evaluate<string>(
      "JSON.parse(localStorage.getItem('helpdesk.session')).tokens.accessToken",
    );
    expect(token).not.toBe('expired-or-forged');

    await second.getByRole('button', { name: 'Sign out' }).click();
    await second.waitForURL('**/login');
    await first.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: LIVE_MS });
  }, 60_000);

  it('resets a forgotten password through the link the email carries', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, baseURL: webUrl });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email', { exact: true }).fill(FORGETFUL.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('a link to choose a new password is on its way').waitFor();

    const link = await eventually(async () => {
      const sink = await requestJson(
        `http://127.0.0.1:${platform.config.smtp.sinkHttpPort}/`,
        'GET',
      );
      const mail = (sink.body.messages as { to: string[]; raw: string }[]).find(
        (m) => m.to.includes(FORGETFUL.email) && m.raw.includes('Reset your password'),
      );
      const text = mail?.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=') ?? '';
      const url = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(text)?.[0];
      if (!url) throw new Error('no reset mail yet');
      return url;
    }, LIVE_MS);
    expect(new URL(link).port).toBe(String(platform.config.web.port));
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('a-new-long-password');
    await page.getByLabel('Repeat it', { exact: true }).fill('a-new-long-passwort');
    await page.getByText('The two passwords differ.').waitFor();
    await page.getByLabel('Repeat it', { exact: true }).fill('a-new-long-password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('Your password is changed').waitFor();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email', { exact: true }).fill(FORGETFUL.email);
    await page.getByLabel('Password', { exact: true }).fill(FORGETFUL.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That email and password do not match an active account.').waitFor();
    await page.getByLabel('Password', { exact: true }).fill('a-new-long-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/tickets');
  }, 60_000);

  it('lists the tickets a coordinator owns, and the admin changes in the audit log', async () => {
    const coordinator = await signIn({
      email: 'coordinator@helpdesk.local',
      password: AGENT_PASSWORD,
    });
    await coordinator.goto('/tasks?tab=coordinating');
    await coordinator.getByTestId('coordinated-row').filter({ hasText: filedNumber }).waitFor();

    const admin = await signIn(ADMIN);
    await admin.goto('/admin/users');
    const form = admin.getByRole('form', { name: 'New user' });
    await form.getByLabel('Email', { exact: true }).fill('nina@helpdesk.local');
    await form.getByLabel('Name', { exact: true }).fill('Nina Network');
    await form.getByLabel('Initial password', { exact: true }).fill('short');
    await form.getByLabel('Role', { exact: true }).selectOption('IT Support');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('passwords need at least 10 characters').waitFor();
    await form.getByLabel('Initial password', { exact: true }).fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin
      .getByRole('list', { name: 'Roles of Nina Network' })
      .getByText('IT Support')
      .waitFor();
    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin
      .getByTestId('audit-row')
      .filter({ hasText: 'user.create' })
      .filter({ hasText: 'Ada Admin' })
      .first()
      .waitFor();
  }, 60_000);

  it('keeps working at phone width with bookmarkable addresses', async () => {
    const requester = await signIn(REQUESTER, PHONE);
    await requester.goto('/tickets?status=closed');
    await requester.getByRole('table').waitFor();
    expect(await requester.getByLabel('Status', { exact: true }).inputValue()).toBe('closed');
    const overflow = await requester.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await requester.getByRole('table').getByRole('link').first().click();
    await status(requester, 'Closed');
    await screenshot(requester, 'requester-phone');

    await requester.goto('/admin/users');
    await requester.getByText('This page is for admins.').waitFor();
    await requester.goto('/no/such/page');
    await requester.getByText('Page not found').waitFor();
  }, 60_000);
  it('lets a requester rate and reopen a resolved ticket, and refuses comments once it closes', async () => {
    const deploy = (key: string, category: string, reopenWindowSeconds: number) =>
      api('workflow', 'POST', '/api/v1/workflows', ADMIN, {
        key,
        deploy: true,
        spec: {
          name: category,
          department: 'IT',
          category,
          sla: { low: 7200, medium: 3600, high: 3600, critical: 3600 },
          reopenWindowSeconds,
          // Managers: seeded agents whose password the test knows (an earlier test adds IT Support).
          steps: [{ key: 'fix', name: 'Fix', role: 'Manager', weight: 1 }],
          startStep: 'fix',
          transitions: [{ from: 'fix', action: 'resolve', to: null, ticketStatus: 'resolved' }],
        },
      });
    await deploy('quick-fix', 'Quick fix', 600);
    await deploy('short-window', 'Short window', 3);
    const file = async (category: string) => {
      const answer = await api('ticket', 'POST', '/api/v1/tickets', REQUESTER, {
        subject: `Monitor flickers (${category})`,
        description: 'The left monitor flickers.',
        priority: 'medium',
        department: 'IT',
        category,
      });
      return (answer.ticket as { number: string }).number;
    };
    /** The assigned agent resolves the ticket's step; answers who it was. */
    const resolve = async (number: string) => {
      const task = await eventually(async () => {
        const live = (await stateOf(number)).task;
        if (!live?.assignee) throw new Error(`${number} not assigned yet`);
        return live;
      }, LIVE_MS);
      const agent = { email: task.assignee!.email, password: AGENT_PASSWORD };
      await api('workflow', 'POST', `/api/v1/tasks/${task.taskId}/actions`, agent, {
        action: 'resolve',
      });
      return task.assignee!.id;
    };

    const number = await file('Quick fix');
    const resolver = await resolve(number);
    const requester = await signIn(REQUESTER);
    await requester.goto(`/tickets/${number}`);
    await status(requester, 'Resolved');
    await requester.getByTestId('reopen-window').waitFor();
    const rating = requester.getByRole('form', { name: 'Rate this ticket' });
    await rating.getByLabel(/Bad/).check();
    await rating.getByLabel('Tell us more (optional)', { exact: true }).fill('Took a week');
    await rating.getByRole('button', { name: 'Send rating' }).click();
    await rating.getByTestId('satisfaction').filter({ hasText: 'Bad' }).waitFor();
    await screenshot(requester, 'requester-resolved-rated');

    // The requester's reply reopens it, back to the agent who resolved it.
    await requester.getByText('Replying reopens this resolved ticket.').waitFor();
    await requester.getByLabel('Comment', { exact: true }).fill('Still flickering');
    await requester.getByRole('button', { name: 'Send', exact: true }).click();
    await status(requester, 'Open');
    expect((await stateOf(number)).task).toMatchObject({ assignee: { id: resolver } });
    await comment(requester, 'Still flickering').waitFor();

    // Resolved again, then reopened with the button.
    await resolve(number);
    await status(requester, 'Resolved');
    await requester.getByRole('button', { name: 'Reopen ticket' }).click();
    await status(requester, 'Open');
    await screenshot(requester, 'requester-reopened');

    // A window of seconds: it closes, takes no comment (409 naming status), and says so.
    const closing = await file('Short window');
    await resolve(closing);
    await eventually(async () => {
      const ticket = await api('ticket', 'GET', `/api/v1/tickets/${closing}`, REQUESTER);
      if (ticket.status !== 'closed') throw new Error(`${closing} is ${String(ticket.status)}`);
    }, LIVE_MS);
    const session = await sessions.get(REQUESTER.email)!;
    const late = await callService(
      platform.config,
      'messaging',
      'POST',
      `/api/v1/tickets/${closing}/comments`,
      { session, body: { body: 'Hello?' } },
    );
    expect(late).toMatchObject({ status: 409, body: { error: { field: 'status' } } });
    await requester.goto(`/tickets/${closing}`);
    await requester.getByTestId('closed-notice').waitFor();
    expect(await requester.getByLabel('Comment', { exact: true }).count()).toBe(0);

    const admin = await signIn(ADMIN);
    await admin.goto('/admin');
    await admin.getByTestId('kpi-satisfaction').filter({ hasText: '0 good, 1 bad' }).waitFor();
    await admin
      .getByTestId('rating')
      .filter({ hasText: number })
      .filter({ hasText: 'Took a week' })
      .waitFor();
    await screenshot(admin, 'admin-satisfaction');
  }, 120_000);

  it('turns on e-mailed sign-in codes on the profile page, then signs in with the mailed code', async () => {
    const manager = { email: 'manager2@helpdesk.local', password: AGENT_PASSWORD };
    const profile = await signIn(manager);
    await profile.getByRole('link', { name: 'Mia Manager' }).click();
    await profile.waitForURL('**/profile');
    await profile.getByText('Off: your password alone signs you in.').waitFor();
    await profile.getByLabel('Your password', { exact: true }).fill('not-my-password');
    await profile.getByRole('button', { name: 'Turn on e-mail codes' }).click();
    await profile.getByText('the password is wrong').waitFor();
    await profile.getByLabel('Your password', { exact: true }).fill(manager.password);
    await profile.getByRole('button', { name: 'Turn on e-mail codes' }).click();
    await profile.getByText('Sign-in codes are on.').waitFor();
    await screenshot(profile, 'profile-sign-in-codes');

    const codes = async () => {
      const sink = await requestJson(
        `http://127.0.0.1:${platform.config.smtp.sinkHttpPort}/`,
        'GET',
      );
      return (sink.body.messages as { to: string[]; raw: string }[])
        .filter((m) => m.to.includes(manager.email))
        .map((m) => /Subject: Your sign-in code: (\d{6})/.exec(m.raw)?.[1])
        .filter((code): code is string => code !== undefined);
    };
    const before = (await codes()).length;
    const context = await browser.newContext({ viewport: LAPTOP, baseURL: webUrl });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email', { exact: true }).fill(manager.email);
    await page.getByLabel('Password', { exact: true }).fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    expect(
      await page.evaluate<string | null>("localStorage.getItem('helpdesk.session')"),
    ).toBeNull();
    const code = await eventually(async () => {
      const mailed = await codes();
      if (mailed.length <= before) throw new Error('no code mailed yet');
      return mailed[mailed.length - 1]!;
    }, LIVE_MS);
    await page
      .getByLabel('Sign-in code', { exact: true })
      .fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('the code is wrong').waitFor();
    await screenshot(page, 'sign-in-code');
    await page.getByLabel('Sign-in code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await profile.getByLabel('Your password', { exact: true }).fill(manager.password);
    await profile.getByRole('button', { name: 'Turn off e-mail codes' }).click();
    await profile.getByText('Sign-in codes are off.').waitFor();
  }, 60_000);
});
