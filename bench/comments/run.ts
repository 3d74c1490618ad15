import { fork, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { SOCKET_PATH } from '../../api/messaging/hub';
import { loadConfig } from '../../infra/config/config';
import { fmt, runConcurrently, summary } from '../shared/stats';

/**
 * Live comment delivery against the running platform (`npm start`): S sockets subscribed across
 * T tickets, comments posted at R per second for D seconds. Prints delivery latency (post to
 * receipt on every subscriber), deliveries per second, missing and duplicate deliveries, the
 * messaging process's memory, and the same load on a bare `ws` broadcast server as a baseline.
 *
 *   node --import tsx bench/comments/run.ts --sockets 2000 --tickets 20 --rate 50 --seconds 10
 *   (--urls http://127.0.0.1:8005,http://127.0.0.1:8015 spreads sockets over two instances)
 */
const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '2000' },
    tickets: { type: 'string', default: '20' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    urls: { type: 'string' },
  },
});
const S = Number(values.sockets);
const T = Number(values.tickets);
const R = Number(values.rate);
const D = Number(values.seconds);
const config = loadConfig();
const messagingUrls = (values.urls ?? config.http.messaging.url).split(',');

interface Target {
  name: string;
  socketUrl(i: number): string;
  post(ticket: string, body: string): Promise<void>;
  rssKib(): number;
}

interface Result {
  latencies: number[];
  expected: number;
  delivered: number;
  duplicates: number;
  deliveriesPerSecond: number;
  peakRssKib: number;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

function pidListeningOn(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process listens on ${port} (is the platform up?)`);
  return Number(pid);
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function login(email: string, password: string): Promise<string> {
  const body = await json<{ accessToken: string }>(
    await fetch(`${config.http.auth.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
    `login ${email}`,
  );
  return body.accessToken;
}

async function fileTickets(token: string): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < T; i += 1) {
    const body = await json<{ ticket: { number: string } }>(
      await fetch(`${config.http.ticket.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          subject: `Comments bench ${i}`,
          description: 'Created by bench/comments',
          priority: 'low',
          department: 'IT',
          category: 'Support',
        }),
      }),
      'file ticket',
    );
    numbers.push(body.ticket.number);
  }
  return numbers;
}

async function openSockets(
  target: Target,
  tickets: string[],
  onComment: (body: string, at: number) => void,
): Promise<WebSocket[]> {
  const sockets: WebSocket[] = new Array<WebSocket>(S);
  await runConcurrently(S, 100, async (i) => {
    const ticket = tickets[i % tickets.length]!;
    const ws = new WebSocket(target.socketUrl(i));
    sockets[i] = ws;
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as {
          type: string;
          comment?: { body: string };
        };
        if (message.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', ticket }));
        else if (message.type === 'subscribed') resolve();
        else if (message.type === 'comment.created' && message.comment)
          onComment(message.comment.body, performance.now());
      });
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`socket ${i} closed with ${code}`)));
    });
  });
  return sockets;
}

async function run(target: Target, tickets: string[]): Promise<Result> {
  const sentAt = new Map<string, number>();
  const received = new Map<string, number>();
  const latencies: number[] = [];
  let lastReceipt = 0;
  let duplicates = 0;
  const sockets = await openSockets(target, tickets, (body, at) => {
    const started = sentAt.get(body);
    if (started === undefined) return;
    latencies.push(at - started);
    received.set(body, (received.get(body) ?? 0) + 1);
    lastReceipt = Math.max(lastReceipt, at);
  });
  let peakRssKib = target.rssKib();
  const total = R * D;
  const subscribersOf = (ticketIndex: number): number =>
    Math.floor(S / T) + (ticketIndex < S % T ? 1 : 0);
  let expected = 0;
  const firstPost = performance.now();
  const posts: Promise<void>[] = [];
  for (let n = 0; n < total; n += 1) {
    const due = firstPost + (n * 1000) / R;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const ticketIndex = n % T;
    const body = `${target.name} comment ${n}`;
    expected += subscribersOf(ticketIndex);
    sentAt.set(body, performance.now());
    posts.push(target.post(tickets[ticketIndex]!, body));
    if (n % R === 0) peakRssKib = Math.max(peakRssKib, target.rssKib());
  }
  await Promise.all(posts);
  const deadline = performance.now() + 30_000;
  while (latencies.length < expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    peakRssKib = Math.max(peakRssKib, target.rssKib());
  }
  for (const [body, count] of received) {
    const index = Number(body.split(' ').pop());
    const over = count - subscribersOf(index % T);
    if (over > 0) duplicates += over;
  }
  for (const ws of sockets) ws.terminate();
  return {
    latencies,
    expected,
    delivered: latencies.length - duplicates,
    duplicates,
    deliveriesPerSecond: (latencies.length / (lastReceipt - firstPost)) * 1000,
    peakRssKib,
  };
}

function print(name: string, result: Result): void {
  const latency = summary(result.latencies);
  console.log(
    `${name.padEnd(10)} latency p50 ${fmt(latency.p50)} ms  p99 ${fmt(latency.p99)} ms  ` +
      `${fmt(result.deliveriesPerSecond, 0)} deliveries/s  delivered ${result.delivered}/${result.expected}  ` +
      `duplicates ${result.duplicates}  peak RSS ${fmt(result.peakRssKib / 1024)} MiB`,
  );
}

async function main(): Promise<void> {
  console.log(`comments bench: ${S} sockets over ${T} tickets, ${R} comments/s for ${D} s`);
  const requester = await login('requester1@helpdesk.local', 'requester-dev-password');
  const agent = await login('admin@helpdesk.local', 'admin-dev-password');
  const tickets = await fileTickets(requester);
  const pids = messagingUrls.map((url) => pidListeningOn(Number(new URL(url).port)));
  const messaging = await run(
    {
      name: 'messaging',
      socketUrl: (i) =>
        `${messagingUrls[i % messagingUrls.length]!.replace('http', 'ws')}${SOCKET_PATH}?token=${agent}`,
      post: async (ticket, body) => {
        await json(
          await fetch(`${messagingUrls[0]}/api/v1/tickets/${ticket}/comments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
            body: JSON.stringify({ body }),
          }),
          'post comment',
        );
      },
      rssKib: () => pids.reduce((sum, pid) => sum + rssOf(pid), 0),
    },
    tickets,
  );

  const bare = fork(path.join(__dirname, 'bareBroadcast.ts'), [], {
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) =>
    bare.once('message', (m: { port: number }) => resolve(m.port)),
  );
  try {
    const baseline = await run(
      {
        name: 'bare-ws',
        socketUrl: () => `ws://127.0.0.1:${port}/`,
        post: async (ticket, body) => {
          await json(
            await fetch(`http://127.0.0.1:${port}/tickets/${ticket}/comments`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ body }),
            }),
            'post baseline',
          );
        },
        rssKib: () => rssOf(bare.pid!),
      },
      tickets,
    );
    print('messaging', messaging);
    print('bare ws', baseline);
    const m = summary(messaging.latencies);
    const b = summary(baseline.latencies);
    console.log(
      `ratio      p50 ${fmt(m.p50 / b.p50, 2)}×  p99 ${fmt(m.p99 / b.p99, 2)}×  ` +
        `throughput ${fmt(messaging.deliveriesPerSecond / baseline.deliveriesPerSecond, 2)}×  ` +
        `memory ${fmt(messaging.peakRssKib / baseline.peakRssKib, 2)}×`,
    );
  } finally {
    bare.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
