import type { ChildProcess } from 'node:child_process';
import { createDrill, printBooks, sleep, type Drill } from '../support/drill';
import { crashAndRestartRabbitMq, crashAndRestartTemporal } from '../support/infraFaults';
import { startMiniPlatform, type MiniPlatform } from '../support/miniPlatform';

/**
 * Durability under faults: while tickets are filed, commented on and acted on, each of the
 * worker, ticket API, messaging, notification consumer, temporal-server and RabbitMQ is killed
 * with SIGKILL and restarted. Then the books: nothing accepted is lost, nothing is applied or
 * delivered twice.
 */
describe('nothing is lost under kill -9', () => {
  let platform: MiniPlatform;
  let drill: Drill;
  let temporalServer: ChildProcess | null = null;

  beforeAll(async () => {
    platform = await startMiniPlatform();
    drill = createDrill(platform);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    temporalServer?.kill('SIGTERM');
  }, 60_000);

  it('keeps every accepted ticket, action, comment and notification exactly once', async () => {
    const requester = await drill.login('requester1@helpdesk.local', 'requester-dev-password');
    const admin = await drill.login('admin@helpdesk.local', 'admin-dev-password');
    const agent = await drill.login('it1@helpdesk.local', 'agent-dev-password');
    await drill.login('it2@helpdesk.local', 'agent-dev-password');
    drill.start({ requester, agent, admin });

    await sleep(4_000);
    const faults: [string, () => Promise<void>][] = [
      ['temporal-worker', () => platform.restart('temporal-worker')],
      ['ticket', () => platform.restart('ticket')],
      ['messaging', () => platform.restart('messaging')],
      ['notification', () => platform.restart('notification')],
    ];
    for (const [name, restart] of faults) {
      await platform.kill(name);
      await sleep(2_000);
      await restart();
      await sleep(3_000);
    }
    temporalServer = await crashAndRestartTemporal(platform.config);
    await platform.waitReady();
    await sleep(3_000);
    await crashAndRestartRabbitMq(platform.config);
    await platform.waitReady();
    await sleep(3_000);

    await drill.finish();
    const books = await drill.books();
    printBooks('fault drill books', books);
    expect(books.tickets?.accepted).toBeGreaterThan(20);
    expect(books.comments?.accepted).toBeGreaterThan(10);
    expect(books.actions?.accepted).toBeGreaterThan(5);
    for (const tally of Object.values(books))
      expect([tally.lost, tally.duplicated]).toEqual([0, 0]);
  }, 900_000);
});
