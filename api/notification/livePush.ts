import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AppError } from '../../domain/errors';
import type { Logger } from '../../infra/logging/logger';
import { socketAuthMessage, type SocketSessions } from '../shared/auth/socketSessions';
import type { TokenVerifier } from '../shared/auth/verifier';
import type { InappCreated } from './consumers/deliveries';
import {
  guardServer,
  guardSocket,
  guardUpgradeSocket,
  refuseBinary,
  rejectUpgrade,
  textOf,
} from '../shared/http/sockets';

export const NOTIFICATION_SOCKET_PATH = '/api/v1/notifications/ws';
const HEARTBEAT_MS = 30_000;

/** The one message a client sends, `{type:"auth", token}`, if it is one. */
function authMessageIn(data: RawData): { token: string } | null {
  try {
    const parsed = socketAuthMessage.safeParse(JSON.parse(textOf(data)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Pushes new in-app notifications to the user's open sockets on this instance. A client connects
 * with `?token=<access JWT>` and keeps the socket past the token's expiry by sending
 * `{type:"auth", token}` with a fresh one (answered `authenticated`, or `error`); an expired or
 * revoked token closes it (see SocketSessions). Sockets that miss a heartbeat are dropped.
 */
export class LivePush {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly alive = new WeakSet<WebSocket>();
  private server: WebSocketServer | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly sessions: SocketSessions,
    private readonly logger: Logger,
  ) {}

  attach(http: Server): void {
    const server = new WebSocketServer({ noServer: true, maxPayload: 4096 });
    this.server = server;
    guardServer(server, this.logger, 'notification');
    http.on('upgrade', (request, socket, head) => {
      guardUpgradeSocket(socket);
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== NOTIFICATION_SOCKET_PATH) {
        rejectUpgrade(socket, 404);
        return;
      }
      const token = url.searchParams.get('token') ?? '';
      this.verifier
        .verify(token)
        .then(
          (principal) => {
            if (principal.kind !== 'user') throw new Error('users only');
            server.handleUpgrade(request, socket, head, (ws) => {
              this.sessions.open(ws, principal);
              this.track(principal.userId, ws);
            });
          },
          () => rejectUpgrade(socket, 401),
        )
        .catch(() => socket.destroy());
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  connections(): number {
    let count = 0;
    for (const set of this.sockets.values()) count += set.size;
    return count;
  }

  push(created: InappCreated): void {
    this.send(created.userId, { type: 'notification.created', notification: created });
  }

  /** A notification was marked read elsewhere (a queue message): the user's views recount. */
  pushRead(read: { id: string; userId: string }): void {
    this.send(read.userId, { type: 'notification.read', id: read.id });
  }

  private send(userId: string, event: object): void {
    for (const ws of this.sockets.get(userId) ?? []) ws.send(JSON.stringify(event));
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.sockets.values())
      for (const ws of set) ws.close(1001, 'server shutting down');
    this.server?.close();
  }

  private track(userId: string, ws: WebSocket): void {
    const set = this.sockets.get(userId) ?? new Set<WebSocket>();
    set.add(ws);
    this.sockets.set(userId, set);
    this.alive.add(ws);
    guardSocket(ws, this.logger, 'notification');
    // Push-only but for re-authentication: other text is ignored, binary frames are refused.
    ws.on('message', (data, isBinary) => {
      if (refuseBinary(ws, isBinary)) return;
      const auth = authMessageIn(data);
      if (auth) void this.reauthenticate(ws, auth.token);
    });
    ws.on('pong', () => this.alive.add(ws));
    ws.on('close', () => {
      set.delete(ws);
      if (set.size === 0) this.sockets.delete(userId);
    });
    ws.send(JSON.stringify({ type: 'ready' }));
    this.logger.debug({ userId }, 'notification socket open');
  }

  private async reauthenticate(ws: WebSocket, token: string): Promise<void> {
    try {
      const principal = await this.sessions.reauthenticate(ws, token);
      const expiresAt = new Date(principal.expiresAt * 1000).toISOString();
      ws.send(JSON.stringify({ type: 'authenticated', expiresAt }));
    } catch (error) {
      const known = error instanceof AppError;
      if (!known) this.logger.error({ err: error }, 'socket re-authentication failed');
      ws.send(
        JSON.stringify({
          type: 'error',
          error: known
            ? { status: error.status, message: error.message, field: error.field ?? '' }
            : { status: 500, message: 'internal error' },
        }),
      );
    }
  }

  private beat(): void {
    for (const set of this.sockets.values()) {
      for (const ws of set) {
        if (!this.alive.has(ws)) {
          ws.terminate();
          continue;
        }
        this.alive.delete(ws);
        ws.ping();
      }
    }
  }
}
