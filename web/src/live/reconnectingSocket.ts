import type { SocketAuth } from '../api/client';

/** Close codes of a session the server ended: expired or revoked token (4401), roles changed (4403). */
const SESSION_CLOSES = new Set([4401, 4403]);
/** A fresh token is sent this long before the current one expires (or halfway, if sooner). */
const REAUTH_LEAD_SECONDS = 30;

/**
 * A WebSocket that comes back: on close it reconnects with a capped, jittered backoff (asking for
 * a fresh URL each time, so a renewed token is used) until `close()` is called. While open it
 * sends `{type:"auth", token}` with a renewed token before the current one expires, since the
 * server closes a socket whose token expired (4401); after a 4401 or 4403 close (session revoked,
 * roles changed) it renews the token before reconnecting.
 */
export class ReconnectingSocket {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reauthTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly urlOf: () => string,
    private readonly auth: SocketAuth,
    private readonly handlers: {
      open(send: (message: unknown) => void): void;
      message: (data: unknown) => void;
      status: (connected: boolean) => void;
    },
  ) {
    this.connect();
  }

  send(message: unknown): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.reauthTimer);
    this.socket?.close(1000, 'page closed');
  }

  private connect(): void {
    const socket = new WebSocket(this.urlOf());
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.handlers.status(true);
      this.handlers.open((message) => socket.send(JSON.stringify(message)));
      this.scheduleReauth(socket);
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      try {
        this.handlers.message(JSON.parse(event.data));
      } catch {
        // a frame that is not JSON is not ours to act on
      }
    };
    socket.onclose = (event: CloseEvent) => {
      clearTimeout(this.reauthTimer);
      this.handlers.status(false);
      if (this.closed) return;
      const delay = Math.min(15_000, 500 * 2 ** this.attempts++) * (0.75 + Math.random() / 2);
      const renew = SESSION_CLOSES.has(event.code)
        ? () => this.auth.renew()
        : () => this.auth.freshToken();
      this.timer = setTimeout(() => {
        void renew()
          .catch(() => undefined)
          .then(() => {
            if (!this.closed) this.connect();
          });
      }, delay);
    };
  }

  /** Sends a renewed token shortly before the current one expires, and again for the next one. */
  private scheduleReauth(socket: WebSocket): void {
    const left = this.auth.secondsLeft();
    const delaySeconds = Math.max(left / 2, left - REAUTH_LEAD_SECONDS);
    this.reauthTimer = setTimeout(() => {
      void this.auth
        .freshToken()
        .catch(() => null)
        .then((token) => {
          if (!token || socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
          socket.send(JSON.stringify({ type: 'auth', token }));
          this.scheduleReauth(socket);
        });
    }, delaySeconds * 1000);
  }
}
