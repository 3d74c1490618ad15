import { createKnex } from '../../infra/db/knex';
import { createDrill, printBooks, sleep, type Drill } from '../support/drill';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';

/**
 * Scale-out: two instances of every service, of the web server and of the Temporal worker, on
 * their own ports behind round-robin proxies (as behind the compose gateway or a Kubernetes
 * Service), sharing Postgres, RabbitMQ and temporal-server. Under steady intake, comments,
 * actions and overrides, one instance of each is killed with SIGKILL in turn and restarted.
 * Then the books — nothing lost, nothing doubled — and round-robin fairness: the agents of a role
 * got the same number of assignments, give or take one.
 */
const VICTIMS = [
  'temporal-worker',
  'ticket#2',
  'workflow',
  'messaging#2',
  'notification',
  'auth#2',
  'web',
  'temporal-worker#2',
];

describe('two of everything, one of each killed in turn', () => {
  let platform: MiniPlatform;
  let drill: Drill;

  beforeAll(async () => {
    platform = await startMiniPlatform('warn', { instances: 2 });
    drill = createDrill(platform);
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('loses nothing, doubles nothing and keeps round-robin fair', async () => {
    expect(platform.processNames).toEqual(expect.arrayContaining(VICTIMS));
    const requester = await drill.login('requester1@helpdesk.local', 'requester-dev-password');
    const admin = await drill.login('admin@helpdesk.local', 'admin-dev-password');
    const agent = await drill.login('it1@helpdesk.local', 'agent-dev-password');
    const other = await drill.login('it2@helpdesk.local', 'agent-dev-password');
    drill.start({ requester, agent, admin, overrides: true });

    await sleep(4_000);
    for (const name of VICTIMS) {
      await platform.kill(name);
      await sleep(2_000);
      await platform.restart(name);
      await sleep(3_000);
    }
    await drill.finish();
    const books = await drill.books();

    const workflowDb = createKnex(platform.config.postgres, platform.config.databases.workflow, 1);
    let perAgent: Record<string, number>;
    try {
      const rows = await workflowDb('task_assignments as a')
        .join('tasks as t', 't.id', 'a.task_id')
        .where({ 't.role': 'IT Support', 'a.origin': 'system' })
        .whereIn('t.ticket_number', drill.ticketNumbers())
        .groupBy('a.user_id')
        .select<{ user_id: string; count: string }[]>(
          'a.user_id',
          workflowDb.raw('count(*) as count'),
        );
      const names = new Map([
        [agent.userId, 'it1'],
        [other.userId, 'it2'],
      ]);
      perAgent = Object.fromEntries(
        rows.map((row) => [names.get(row.user_id) ?? row.user_id, Number(row.count)]),
      );
    } finally {
      await workflowDb.destroy();
    }

    printBooks('scale drill books (two of every process)', books);
    process.stdout.write(
      `  assignments, role IT Support: ${Object.entries(perAgent)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ')}\n`,
    );
    expect(books.tickets?.accepted).toBeGreaterThan(20);
    expect(books.comments?.accepted).toBeGreaterThan(10);
    expect(books.actions?.accepted).toBeGreaterThan(5);
    expect(books.overrides?.accepted).toBeGreaterThan(5);
    for (const tally of Object.values(books))
      expect([tally.lost, tally.duplicated]).toEqual([0, 0]);
    const counts = Object.values(perAgent);
    expect(Object.keys(perAgent).sort()).toEqual(['it1', 'it2']);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  }, 900_000);
});
