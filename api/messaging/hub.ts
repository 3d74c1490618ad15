import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import { AppError, TooManyRequestsError } from '../../domain/errors';
import { requesterSeesEvent } from '../../domain/tickets';
import type { Logger } from '../../infra/logging/logger';
import type { UserPrincipal } from '../shared/auth/principal';
import { socketAuthMessage, type SocketSessions } from '../shared/auth/socketSessions';
import type { TokenVerifier } from '../shared/auth/verifier';
import type { CommentService } from './commentService';
import type { CommentStore } from './comments';
import { publicTicketEvent, type LiveEvent, type LivePublisher } from './liveEvents';
import type { Presence } from './presence';
import type { TicketAccess } from './ticketAccess';
import { TicketListWatch } from './ticketListWatch';
import { findUnstorableText } from '../../domain/text';
import { serialId, ticketNumber } from '../shared/http/params';
import {
  guardServer,
  guardSocket,
  guardUpgradeSocket,
  refuseBinary,
  rejectUpgrade,
  textOf,
} from '../shared/http/sockets';

export const SOCKET_PATH = '/api/v1/ws';
/** Close code for a client that does not read fast enough (application range 4000-4999). */
export const SLOW_CONSUMER_CLOSE = 4008;
const TYPING_INTERVAL_MS = 1_000;
const CLOSE_GRACE_MS = 1_000;
const REPLAY_PAGE = 100;
const REPLAY_LOOKBACK_MS = 60_000;
/** Tickets one socket may watch at once: each costs presence rows and a fanout lookup. */
export const MAX_SUBSCRIPTIONS = 50;

const ticket = ticketNumber;
const commentId = serialId('a comment id');
const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    ticket,
    after: commentId.optional(),
    /** Ids the client already has (its recent ones): a resume never sends them again. */
    seen: z.array(commentId).max(500).optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), ticket }),
  z.object({
    type: z.literal('comment.post'),
    ref: z.string().min(1).max(100),
    ticket,
    body: z.string().trim().min(1).max(20_000),
    internal: z.boolean().default(false),
    replyTo: commentId.optional(),
  }),
  z.object({ type: z.literal('typing'), ticket }),
  /** Ticket list changes: every ticket's for staff, the requester's own tickets' otherwise. */
  z.object({ type: z.literal('watch') }),
  z.object({ type: z.literal('unwatch') }),
  /** A fresh access token of the same user, sent before the current one expires. */
  socketAuthMessage,
]);
type ClientMessage = z.infer<typeof clientMessage>;

interface Subscription {
  ticket: string;
  access: TicketAccess;
  /** Comment ids already sent (replay and live overlap), bounded. */
  delivered: Set<string>;
  eventKeys: Set<string>;
  lastCommentId: string;
  /** Live events held back while the replay is being sent; null once live. */
  pending: LiveEvent[] | null;
}

interface Client {
  id: string;
  ws: WebSocket;
  principal: UserPrincipal;
  subscriptions: Map<string, Subscription>;
  alive: boolean;
  lastTyping: Map<string, number>;
}

export interface HubOptions {
  heartbeatMs: number;
  maxBufferedBytes: number;
  replayLimit: number;
}

export interface HubDeps {
  verifier: TokenVerifier;
  sessions: SocketSessions;
  comments: CommentService;
  store: CommentStore;
  presence: Presence;
  live: LivePublisher;
  logger: Logger;
}

export interface HubStats {
  connections: number;
  slowConsumerDisconnects: number;
  messagesSent: number;
}

/** Adds to a set that forgets its oldest entry beyond `max`; false when already there. */
function addBounded(set: Set<string>, value: string, max: number): boolean {
  if (set.has(value)) return false;
  set.add(value);
  if (set.size > max) set.delete(set.values().next().value ?? '');
  return true;
}

const idOrder = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : a === b ? 0 : 1);

/**
 * The WebSocket side of messaging. A client connects with `?token=<access JWT>`, subscribes to
 * tickets it may read (optionally `after` the last comment id it saw, to receive what it missed),
 * posts comments (acknowledged with the stored id), and sends typing hints. Live events come from
 * the fanout exchange, so every instance sees every event once; each socket gets each comment
 * once even where the replay and the live stream overlap. A socket lives as long as its token:
 * `{type:"auth", token}` swaps in a fresh one (answered `authenticated`); an expired or revoked
 * token closes it (see SocketSessions).
 */
export class CommentHub {
  private readonly clients = new Set<Client>();
  private readonly byTicket = new Map<string, Set<Client>>();
  private readonly serialized = new WeakMap<LiveEvent, string>();
  private server: WebSocketServer | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly counters = { slowConsumerDisconnects: 0, messagesSent: 0 };
  private readonly lists: TicketListWatch<Client>;

  constructor(
    private readonly deps: HubDeps,
    private readonly options: HubOptions,
  ) {
    this.lists = new TicketListWatch<Client>({
      requesterOf: (ticketNumber) => deps.comments.requesterOf(ticketNumber),
      send: (client, message) => this.send(client, message),
      logger: deps.logger,
    });
  }

  stats(): HubStats {
    return { connections: this.clients.size, ...this.counters };
  }

  attach(http: Server): void {
    const server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    this.server = server;
    guardServer(server, this.deps.logger, 'messaging');
    http.on('upgrade', (request, socket, head) => {
      guardUpgradeSocket(socket);
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== SOCKET_PATH) {
        rejectUpgrade(socket, 404);
        return;
      }
      this.deps.verifier
        .verify(url.searchParams.get('token') ?? '')
        .then(
          (principal) => {
            if (principal.kind !== 'user') throw new Error('users only');
            server.handleUpgrade(request, socket, head, (ws) => this.open(principal, ws));
          },
          () => rejectUpgrade(socket, 401),
        )
        .catch(() => socket.destroy());
    });
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
  }

  /** A live event from the fanout exchange, for this instance's subscribers of its ticket. */
  deliver(event: LiveEvent): void {
    if (event.type === 'ticket.event') this.lists.deliver(event.ticket, event.event);
    for (const client of this.byTicket.get(event.ticket) ?? []) {
      const subscription = client.subscriptions.get(event.ticket);
      if (!subscription) continue;
      if (subscription.pending) subscription.pending.push(event);
      else this.forward(client, subscription, event);
    }
  }

  /** After the broker link came back: replays what live subscribers may have missed. */
  resync(): void {
    for (const client of this.clients) {
      for (const subscription of client.subscriptions.values()) {
        if (subscription.pending) continue;
        subscription.pending = [];
        this.replay(client, subscription, subscription.lastCommentId).catch((error: unknown) =>
          this.deps.logger.warn({ err: error }, 'resync replay failed'),
        );
      }
    }
  }

  /**
   * Says goodbye (1001) to every socket and waits a moment for the close handshakes; a peer that
   * does not answer is cut off, so a shutdown (and the HTTP server's close) never waits on it.
   */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const closed = [...this.clients].map(
      ({ ws }) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close(1001, 'server shutting down');
        }),
    );
    const cutOff = setTimeout(() => {
      for (const client of this.clients) client.ws.terminate();
    }, CLOSE_GRACE_MS);
    await Promise.all(closed);
    clearTimeout(cutOff);
    this.server?.close();
    await this.deps.presence.clearInstance();
  }

  private open(principal: UserPrincipal, ws: WebSocket): void {
    const client: Client = {
      id: randomUUID(),
      ws,
      principal,
      subscriptions: new Map(),
      alive: true,
      lastTyping: new Map(),
    };
    this.clients.add(client);
    this.deps.sessions.open(ws, principal);
    guardSocket(ws, this.deps.logger, 'messaging');
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (refuseBinary(ws, isBinary)) return;
      this.onMessage(client, data).catch((error: unknown) => this.sendError(client, error));
    });
    ws.on('close', () => {
      this.clients.delete(client);
      this.lists.unwatch(client);
      for (const ticketNumber of [...client.subscriptions.keys()]) {
        this.unsubscribe(client, ticketNumber).catch((error: unknown) =>
          this.deps.logger.warn({ err: error }, 'presence leave failed'),
        );
      }
    });
    this.send(client, { type: 'ready', socketId: client.id, user: this.viewerOf(client) });
  }

  private async onMessage(client: Client, data: RawData): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(textOf(data));
    } catch {
      this.send(client, { type: 'error', error: { status: 400, message: 'not JSON' } });
      return;
    }
    // Text Postgres cannot store (NUL, lone surrogates) is refused here as at the HTTP edge.
    const unstorable = findUnstorableText(raw);
    if (unstorable) {
      this.send(client, {
        type: 'error',
        ...(typeof (raw as { ref?: unknown }).ref === 'string'
          ? { ref: (raw as { ref: string }).ref }
          : {}),
        error: {
          status: 400,
          message: 'must not contain NUL characters or unpaired surrogates',
          field: unstorable.join('.'),
        },
      });
      return;
    }
    const parsed = clientMessage.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.send(client, {
        type: 'error',
        ...(typeof (raw as { ref?: unknown }).ref === 'string'
          ? { ref: (raw as { ref: string }).ref }
          : {}),
        error: {
          status: 422,
          message: issue?.message ?? 'invalid message',
          field: issue?.path.join('.') ?? '',
        },
      });
      return;
    }
    await this.handle(client, parsed.data);
  }

  private async handle(client: Client, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'subscribe':
        try {
          await this.subscribe(client, message.ticket, message.after, message.seen ?? []);
        } catch (error) {
          this.detach(client, message.ticket);
          this.sendError(client, error, { ticket: message.ticket });
        }
        return;
      case 'unsubscribe':
        await this.unsubscribe(client, message.ticket);
        this.send(client, { type: 'unsubscribed', ticket: message.ticket });
        return;
      case 'comment.post':
        try {
          const { comment, created } = await this.deps.comments.post(
            client.principal,
            message.ticket,
            {
              body: message.body,
              internal: message.internal,
              key: message.ref,
              ...(message.replyTo ? { replyTo: message.replyTo } : {}),
            },
          );
          this.send(client, { type: 'ack', ref: message.ref, commentId: comment.id, created });
        } catch (error) {
          this.sendError(client, error, { ref: message.ref });
        }
        return;
      case 'auth':
        await this.reauthenticate(client, message.token);
        return;
      case 'watch':
        this.send(client, { type: 'watching', scope: this.lists.watch(client) });
        return;
      case 'unwatch':
        this.lists.unwatch(client);
        this.send(client, { type: 'unwatched' });
        return;
      case 'typing': {
        if (!client.subscriptions.has(message.ticket)) return;
        const last = client.lastTyping.get(message.ticket) ?? 0;
        if (Date.now() - last < TYPING_INTERVAL_MS) return;
        client.lastTyping.set(message.ticket, Date.now());
        await this.deps.live.publish({
          type: 'typing',
          ticket: message.ticket,
          user: this.viewerOf(client),
          socketId: client.id,
        });
        return;
      }
    }
  }

  /**
   * Swaps in the fresh token's principal; when its roles differ, each subscription's access is
   * checked again (internal notes stop, or the ticket is dropped with an error naming it).
   */
  private async reauthenticate(client: Client, token: string): Promise<void> {
    const previous = client.principal;
    client.principal = await this.deps.sessions.reauthenticate(client.ws, token);
    if (JSON.stringify(previous.roles) !== JSON.stringify(client.principal.roles)) {
      if (this.lists.isWatching(client)) {
        this.send(client, { type: 'watching', scope: this.lists.watch(client) });
      }
      for (const subscription of [...client.subscriptions.values()]) {
        try {
          subscription.access = await this.deps.comments.access(
            client.principal,
            subscription.ticket,
          );
        } catch (error) {
          await this.unsubscribe(client, subscription.ticket);
          this.sendError(client, error, { ticket: subscription.ticket });
        }
      }
    }
    this.send(client, {
      type: 'authenticated',
      user: this.viewerOf(client),
      expiresAt: new Date(client.principal.expiresAt * 1000).toISOString(),
    });
  }

  private async subscribe(
    client: Client,
    ticketNumber: string,
    after: string | undefined,
    seen: string[],
  ): Promise<void> {
    const access = await this.deps.comments.access(client.principal, ticketNumber);
    await this.unsubscribe(client, ticketNumber);
    const subscription: Subscription = {
      ticket: ticketNumber,
      access,
      delivered: new Set(after ? [...seen, after] : seen),
      eventKeys: new Set(),
      lastCommentId: after ?? (await this.deps.store.latestId(ticketNumber)),
      pending: [],
    };
    // Checked after the last await, so concurrent subscribes cannot overshoot the cap.
    if (client.subscriptions.size >= MAX_SUBSCRIPTIONS) {
      throw new TooManyRequestsError(
        `at most ${String(MAX_SUBSCRIPTIONS)} tickets per socket; unsubscribe from one first`,
        'ticket',
      );
    }
    client.subscriptions.set(ticketNumber, subscription);
    const set = this.byTicket.get(ticketNumber) ?? new Set<Client>();
    set.add(client);
    this.byTicket.set(ticketNumber, set);
    const viewers = await this.deps.presence.join(client.id, ticketNumber, this.viewerOf(client));
    this.send(client, { type: 'subscribed', ticket: ticketNumber, viewers });
    await this.deps.live.publish({ type: 'presence', ticket: ticketNumber, viewers });
    if (after === undefined) this.goLive(client, subscription);
    else await this.replay(client, subscription, after);
  }

  /**
   * Sends the comments after `after` (up to the replay limit), then the events held meanwhile.
   * Ids are assigned at insert but become visible at commit, so a comment with a smaller id can
   * commit after a bigger one was seen: the replay also looks back REPLAY_LOOKBACK_MS before
   * `after` and skips what this subscription already delivered or the client says it has.
   */
  private async replay(client: Client, subscription: Subscription, after: string): Promise<void> {
    let cursor: string | null = after;
    let sent = 0;
    while (cursor !== null && sent < this.options.replayLimit) {
      const page = await this.deps.store.list(subscription.ticket, {
        after: cursor,
        limit: Math.min(REPLAY_PAGE, this.options.replayLimit - sent),
        includeInternal: subscription.access.seesInternal,
        ...(cursor === after ? { lookbackMs: REPLAY_LOOKBACK_MS } : {}),
      });
      for (const comment of page.items) {
        if (client.subscriptions.get(subscription.ticket) !== subscription) return;
        if (this.remember(subscription, comment.id)) {
          this.send(client, {
            type: 'comment.created',
            ticket: subscription.ticket,
            comment,
            replay: true,
          });
        }
      }
      sent += page.items.length;
      cursor = page.nextCursor;
    }
    if (cursor !== null) {
      this.send(client, {
        type: 'replay.truncated',
        ticket: subscription.ticket,
        nextCursor: cursor,
      });
    }
    this.goLive(client, subscription);
  }

  private goLive(client: Client, subscription: Subscription): void {
    const pending = subscription.pending ?? [];
    subscription.pending = null;
    for (const event of pending) this.forward(client, subscription, event);
  }

  /** Forgets a subscription on this instance; true if there was one. */
  private detach(client: Client, ticketNumber: string): boolean {
    if (!client.subscriptions.delete(ticketNumber)) return false;
    const set = this.byTicket.get(ticketNumber);
    set?.delete(client);
    if (set?.size === 0) this.byTicket.delete(ticketNumber);
    return true;
  }

  private async unsubscribe(client: Client, ticketNumber: string): Promise<void> {
    if (!this.detach(client, ticketNumber)) return;
    const viewers = await this.deps.presence.leave(client.id, ticketNumber);
    await this.deps.live.publish({ type: 'presence', ticket: ticketNumber, viewers });
  }

  private forward(client: Client, subscription: Subscription, event: LiveEvent): void {
    switch (event.type) {
      case 'comment.created':
      case 'comment.edited':
      case 'comment.deleted':
      case 'comment.rated':
        if (event.comment.internal && !subscription.access.seesInternal) return;
        if (event.type === 'comment.created' && !this.remember(subscription, event.comment.id))
          return;
        break;
      case 'typing':
        if (event.socketId === client.id) return;
        break;
      case 'ticket.event':
        if (!subscription.access.seesInternal && !requesterSeesEvent(event.event.type)) return;
        if (!addBounded(subscription.eventKeys, event.event.eventKey, this.options.replayLimit))
          return;
        if (!subscription.access.seesInternal) {
          this.send(client, { ...event, event: publicTicketEvent(event.event) });
          return;
        }
        break;
      case 'presence':
        break;
    }
    let text = this.serialized.get(event);
    if (text === undefined) {
      text = JSON.stringify(event.type === 'typing' ? { ...event, socketId: undefined } : event);
      this.serialized.set(event, text);
    }
    this.sendText(client, text);
  }

  /** Records a comment id as sent; false when it already was. */
  private remember(subscription: Subscription, commentId: string): boolean {
    if (!addBounded(subscription.delivered, commentId, this.options.replayLimit * 2)) return false;
    if (idOrder(commentId, subscription.lastCommentId) > 0) subscription.lastCommentId = commentId;
    return true;
  }

  private viewerOf(client: Client): { userId: string; name: string } {
    return { userId: client.principal.userId, name: client.principal.name };
  }

  /** What the failed request named (its ref, its ticket), so the client can tell and retry. */
  private sendError(
    client: Client,
    error: unknown,
    context: { ref?: string; ticket?: string } = {},
  ): void {
    const known = error instanceof AppError;
    if (!known) this.deps.logger.error({ err: error }, 'socket message failed');
    this.send(client, {
      type: 'error',
      ...context,
      error: known
        ? { status: error.status, message: error.message, field: error.field ?? '' }
        : { status: 500, message: 'internal error' },
    });
  }

  private send(client: Client, message: Record<string, unknown>): void {
    this.sendText(client, JSON.stringify(message));
  }

  /**
   * Bounded buffers: a client whose unsent backlog passed the limit is closed with
   * SLOW_CONSUMER_CLOSE and a reason (and cut off if it does not read even that); on
   * reconnecting it resumes from its last comment id.
   */
  private sendText(client: Client, text: string): void {
    const ws = client.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount + text.length > this.options.maxBufferedBytes) {
      this.counters.slowConsumerDisconnects += 1;
      ws.close(SLOW_CONSUMER_CLOSE, 'slow consumer: send buffer full');
      setTimeout(() => ws.terminate(), 1_000).unref();
      return;
    }
    ws.send(text);
    this.counters.messagesSent += 1;
  }

  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      client.ws.ping();
    }
    this.deps.presence
      .touch()
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'presence heartbeat failed'),
      );
  }
}
