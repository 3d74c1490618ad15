import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { SOCKET_PATH } from '../../api/messaging/hub';
import { createKnex } from '../../infra/db/knex';
import type { LifecycleView } from '../../workflows/messages';
import { requestJson, type JsonAnswer } from './http';
import type { MiniPlatform } from './miniPlatform';
import { logIn, type Session } from './platformSessions';

/**
 * The client side of the kill -9 drills (`npm run test:faults`, `npm run test:scale`): steady
 * intake, comments, agents' actions and (optionally) admins' overrides, and a watcher following
 * every ticket live, while the drill kills processes. Clients behave as real ones should: they
 * retry with the same idempotency key until they get an answer. Then the books: for each kind,
 * what was sent, accepted, lost and done twice.
 */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Tally {
  sent: number;
  accepted: number;
  lost: number;
  duplicated: number;
}

const TICKETS_PER_SOCKET = 40;

export interface Drill {
  login(email: string, password: string): Promise<Session>;
  /** Starts the clients; `admin` also sends priority overrides when `overrides` is set. */
  start(people: { requester: Session; agent: Session; admin: Session; overrides?: boolean }): void;
  /** Stops sending and waits for every request in flight to get its answer. */
  finish(): Promise<void>;
  /** Settles, then counts what the platform holds against what the clients were told. */
  books(): Promise<Record<string, Tally>>;
  /** The drill's ticket numbers (accepted ones). */
  ticketNumbers(): string[];
}

export function createDrill(platform: MiniPlatform): Drill {
  const sessions = new Map<string, Session>();
  let running = true;
  const tickets = new Map<string, string>(); // idempotency key → ticket number
  const comments = new Map<string, string>(); // comment key → ticket number
  const approvals = new Set<string>(); // ticket numbers whose triage approval was answered 200
  const overrides = new Map<string, number>(); // ticket number → priority changes answered 200
  const sent = { tickets: 0, comments: 0, actions: 0, overrides: 0 };
  const receipts = new Map<string, number>(); // comment id → deliveries to the watcher
  const lastSeen = new Map<string, string>(); // ticket → newest comment id the watcher got
  const recent = new Map<string, string[]>(); // ticket → ids the watcher got lately
  let loops: Promise<void>[] = [];
  let stopWatching = (): void => undefined;
  let admin: Session | undefined;
  let agent: Session | undefined;

  const url = (service: keyof MiniPlatform['config']['http'], path: string) =>
    `${platform.config.http[service].url}${path}`;

  /** Retries like a client that must get its request through: same key, until an answer < 500. */
  async function deliver(send: () => Promise<JsonAnswer>): Promise<JsonAnswer | null> {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      try {
        const answer = await send();
        if (answer.status < 500 && answer.status !== 429) return answer;
      } catch {
        // connection refused or reset while a process is down: try again
      }
      await sleep(300);
    }
    return null;
  }

  async function login(email: string, password: string): Promise<Session> {
    const session = await logIn(platform.config, email, password);
    sessions.set(session.userId, session);
    return session;
  }

  /** Priority overrides, one at a time per ticket, each to the other priority. */
  async function overrideLoop(admin: Session): Promise<void> {
    const busy = new Set<string>();
    const priorities = new Map<string, string>();
    while (running) {
      const numbers = [...tickets.values()].filter((n) => !busy.has(n));
      const number = numbers[Math.floor(Math.random() * numbers.length)];
      if (number) {
        busy.add(number);
        sent.overrides += 1;
        const priority = priorities.get(number) === 'high' ? 'low' : 'high';
        const key = randomUUID();
        void deliver(() =>
          requestJson(url('workflow', `/api/v1/tickets/${number}/overrides`), 'POST', {
            token: admin.token,
            headers: { 'idempotency-key': key },
            body: { type: 'change_priority', priority, reason: 'drill' },
          }),
        ).then((answer) => {
          if (answer?.status === 200) {
            overrides.set(number, (overrides.get(number) ?? 0) + 1);
            priorities.set(number, priority);
          }
          busy.delete(number);
        });
      }
      await sleep(500);
    }
  }

  async function intakeLoop(requester: Session): Promise<void> {
    while (running) {
      const key = randomUUID();
      sent.tickets += 1;
      void deliver(() =>
        requestJson(url('ticket', '/api/v1/tickets'), 'POST', {
          token: requester.token,
          headers: { 'idempotency-key': key },
          body: {
            subject: `Fault drill ${sent.tickets}`,
            description: 'filed during the fault drill',
            priority: 'medium',
            department: 'IT',
            category: 'Support',
          },
        }),
      ).then((answer) => {
        if (answer && answer.status < 300)
          tickets.set(key, (answer.body.ticket as { number: string }).number);
      });
      await sleep(250);
    }
  }

  async function commentLoop(agent: Session): Promise<void> {
    while (running) {
      const numbers = [...tickets.values()];
      const number = numbers[Math.floor(Math.random() * numbers.length)];
      if (number) {
        const key = randomUUID();
        sent.comments += 1;
        void deliver(() =>
          requestJson(url('messaging', `/api/v1/tickets/${number}/comments`), 'POST', {
            token: agent.token,
            headers: { 'idempotency-key': key },
            body: { body: `drill comment ${key}` },
          }),
        ).then((answer) => {
          if (answer && answer.status < 300) comments.set(key, number);
        });
      }
      await sleep(300);
    }
  }

  async function actionLoop(admin: Session): Promise<void> {
    const tried = new Set<string>();
    while (running) {
      const number = [...tickets.values()].find((n) => !tried.has(n));
      if (number) {
        const state = await requestJson(url('workflow', `/api/v1/tickets/${number}/state`), 'GET', {
          token: admin.token,
        }).catch(() => null);
        const view = state?.status === 200 ? (state.body as unknown as LifecycleView) : null;
        const assignee = view?.task?.stepKey === 'triage' ? view.task.assignee : null;
        const session = assignee ? sessions.get(assignee.id) : undefined;
        if (view && session) {
          tried.add(number);
          sent.actions += 1;
          const key = randomUUID();
          void deliver(() =>
            requestJson(url('workflow', `/api/v1/tasks/${view.task!.taskId}/actions`), 'POST', {
              token: session.token,
              headers: { 'idempotency-key': key },
              body: { action: 'approve' },
            }),
          ).then((answer) => {
            if (answer?.status === 200) approvals.add(number);
          });
        }
      }
      await sleep(400);
    }
  }

  /**
   * One socket watching a slice of the tickets live (a socket may follow at most 50); on a
   * dropped socket it reconnects and resumes.
   */
  function watchSlice(agent: Session, slice: number): () => void {
    let socket: WebSocket | null = null;
    let stopped = false;
    const subscribed = new Set<string>();
    const open = (): void => {
      subscribed.clear();
      const ws = new WebSocket(
        `${url('messaging', SOCKET_PATH).replace('http', 'ws')}?token=${agent.token}`,
      );
      socket = ws;
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as {
          type: string;
          ticket?: string;
          comment?: { id: string };
        };
        if (message.type === 'error' && message.ticket) subscribed.delete(message.ticket);
        if (message.type === 'comment.created' && message.comment && message.ticket) {
          receipts.set(message.comment.id, (receipts.get(message.comment.id) ?? 0) + 1);
          lastSeen.set(message.ticket, message.comment.id);
          const ids = [...(recent.get(message.ticket) ?? []), message.comment.id].slice(-200);
          recent.set(message.ticket, ids);
        }
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        if (!stopped) setTimeout(open, 300);
      });
    };
    const subscribeNew = setInterval(() => {
      if (socket?.readyState !== WebSocket.OPEN) return;
      const numbers = [...new Set(tickets.values())].slice(
        slice * TICKETS_PER_SOCKET,
        (slice + 1) * TICKETS_PER_SOCKET,
      );
      for (const number of numbers) {
        if (subscribed.has(number)) continue;
        subscribed.add(number);
        const after = lastSeen.get(number);
        socket.send(
          JSON.stringify({
            type: 'subscribe',
            ticket: number,
            after: after ?? '0',
            seen: recent.get(number) ?? [],
          }),
        );
      }
    }, 200);
    open();
    return () => {
      stopped = true;
      clearInterval(subscribeNew);
      socket?.terminate();
    };
  }

  /** A client watching every ticket live, over as many sockets as it takes. */
  function watch(agent: Session): () => void {
    const slices: (() => void)[] = [];
    const grow = setInterval(() => {
      while (slices.length * TICKETS_PER_SOCKET < tickets.size) {
        slices.push(watchSlice(agent, slices.length));
      }
    }, 200);
    return () => {
      clearInterval(grow);
      for (const stop of slices) stop();
    };
  }

  return {
    login,
    start(people) {
      admin = people.admin;
      agent = people.agent;
      stopWatching = watch(people.agent);
      loops = [intakeLoop(people.requester), commentLoop(people.agent), actionLoop(people.admin)];
      if (people.overrides) loops.push(overrideLoop(people.admin));
    },
    async finish() {
      running = false;
      await Promise.all(loops);
      await sleep(5_000);
    },
    async books() {
      if (!admin || !agent) throw new Error('the drill has not started');
      const books: Record<string, Tally> = {};
      const { token } = admin;
      const { userId } = agent;
      const ticketDb = createKnex(platform.config.postgres, platform.config.databases.ticket, 2);
      const messagingDb = createKnex(
        platform.config.postgres,
        platform.config.databases.messaging,
        2,
      );
      const notificationDb = createKnex(
        platform.config.postgres,
        platform.config.databases.notification,
        2,
      );
      try {
        const rows = await ticketDb('tickets')
          .whereIn('idempotency_key', [...tickets.keys()])
          .select<{ idempotency_key: string; number: string }[]>('idempotency_key', 'number');
        books.tickets = {
          sent: sent.tickets,
          accepted: tickets.size,
          lost: [...tickets].filter(
            ([key, n]) => !rows.some((r) => r.idempotency_key === key && r.number === n),
          ).length,
          duplicated: rows.length - new Set(rows.map((r) => r.idempotency_key)).size,
        };

        const unsettled = new Set(tickets.values());
        const deadline = Date.now() + 120_000;
        while (unsettled.size > 0 && Date.now() < deadline) {
          for (const number of [...unsettled]) {
            const state = await requestJson(
              url('workflow', `/api/v1/tickets/${number}/state`),
              'GET',
              {
                token,
              },
            );
            if (state.status === 200 && (state.body as unknown as LifecycleView).task?.assignee)
              unsettled.delete(number);
          }
          if (unsettled.size > 0) await sleep(1_000);
        }
        books.workflows = {
          sent: tickets.size,
          accepted: tickets.size,
          lost: unsettled.size,
          duplicated: 0,
        };

        const progressed = await ticketDb('ticket_history as h')
          .join('tickets as t', 't.id', 'h.ticket_id')
          .whereIn('t.number', [...approvals])
          .where('h.to_status', 'in_progress')
          .groupBy('t.number')
          .select<{ number: string; count: string }[]>(
            't.number',
            ticketDb.raw('count(*) as count'),
          );
        books.actions = {
          sent: sent.actions,
          accepted: approvals.size,
          lost: approvals.size - progressed.length,
          duplicated: progressed.reduce((sum, row) => sum + Number(row.count) - 1, 0),
        };

        const stored = await messagingDb('comments')
          .whereIn(
            'comment_key',
            [...comments.keys()].map((key) => `user:${userId}:${key}`),
          )
          .select<{ id: string; comment_key: string }[]>('id', 'comment_key');
        books.comments = {
          sent: sent.comments,
          accepted: comments.size,
          lost: comments.size - new Set(stored.map((c) => c.comment_key)).size,
          duplicated: stored.length - new Set(stored.map((c) => c.comment_key)).size,
        };
        const settle = Date.now() + 30_000;
        while (stored.some((c) => !receipts.has(String(c.id))) && Date.now() < settle)
          await sleep(500);
        books.liveDeliveries = {
          sent: stored.length,
          accepted: stored.length,
          lost: stored.filter((c) => !receipts.has(String(c.id))).length,
          duplicated: stored.reduce(
            (sum, c) => sum + Math.max(0, (receipts.get(String(c.id)) ?? 0) - 1),
            0,
          ),
        };

        const assigned = await notificationDb('inapp_notifications')
          .where('type', 'assignment')
          .whereRaw("data->>'ticketNumber' = any(?)", [[...tickets.values()]])
          .select<{ number: string }[]>(notificationDb.raw("data->>'ticketNumber' as number"));
        const sink = await fetch(`http://127.0.0.1:${platform.config.smtp.sinkHttpPort}/`);
        const { messages } = (await sink.json()) as { messages: { raw: string }[] };
        const ids = messages.map((m) => /Message-ID: <([^>]+)>/i.exec(m.raw)?.[1] ?? '');
        books.notifications = {
          sent: tickets.size,
          accepted: tickets.size,
          lost: tickets.size - new Set(assigned.map((a) => a.number)).size,
          duplicated: ids.length - new Set(ids).size,
        };

        if (sent.overrides > 0) {
          const changed = await ticketDb('ticket_history as h')
            .join('tickets as t', 't.id', 'h.ticket_id')
            .whereIn('t.number', [...overrides.keys()])
            .where('h.type', 'priority_changed')
            .groupBy('t.number')
            .select<{ number: string; count: string }[]>(
              't.number',
              ticketDb.raw('count(*) as count'),
            );
          const recorded = new Map(changed.map((row) => [row.number, Number(row.count)]));
          const answered = [...overrides.values()].reduce((sum, n) => sum + n, 0);
          books.overrides = {
            sent: sent.overrides,
            accepted: answered,
            lost: [...overrides].reduce(
              (sum, [n, k]) => sum + Math.max(0, k - (recorded.get(n) ?? 0)),
              0,
            ),
            duplicated: [...overrides].reduce(
              (sum, [n, k]) => sum + Math.max(0, (recorded.get(n) ?? 0) - k),
              0,
            ),
          };
        }
      } finally {
        stopWatching();
        await ticketDb.destroy();
        await messagingDb.destroy();
        await notificationDb.destroy();
      }
      return books;
    },
    ticketNumbers: () => [...new Set(tickets.values())],
  };
}

/** Prints the books as the drills report them. */
export function printBooks(title: string, books: Record<string, Tally>): void {
  process.stdout.write(
    `${title}:\n${Object.entries(books)
      .map(
        ([name, t]) =>
          `  ${name.padEnd(15)} sent ${t.sent}  accepted ${t.accepted}  lost ${t.lost}  duplicated ${t.duplicated}`,
      )
      .join('\n')}\n`,
  );
}
