/**
 * A WebSocket that comes back: on close it reconnects with a capped, jittered backoff (asking for
 * a fresh URL each time, so a renewed token is used) until `close()` is called.
 */
export class ReconnectingSocket {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly urlOf: () => string,
    private readonly handlers: {
      open(send: (message: unknown) => void): void;
      message: (data: unknown) => void;
      status: (connected: boolean) => void;
      /** Before a reconnect (the token may have expired meanwhile): may renew credentials. */
      beforeReconnect?(): Promise<unknown>;
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
    this.socket?.close(1000, 'page closed');
  }

  private connect(): void {
    const socket = new WebSocket(this.urlOf());
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.handlers.status(true);
      this.handlers.open((message) => socket.send(JSON.stringify(message)));
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      try {
        this.handlers.message(JSON.parse(event.data));
      } catch {
        // a frame that is not JSON is not ours to act on
      }
    };
    socket.onclose = () => {
      this.handlers.status(false);
      if (this.closed) return;
      const delay = Math.min(15_000, 500 * 2 ** this.attempts++) * (0.75 + Math.random() / 2);
      this.timer = setTimeout(() => {
        void (this.handlers.beforeReconnect?.() ?? Promise.resolve())
          .catch(() => undefined)
          .then(() => {
            if (!this.closed) this.connect();
          });
      }, delay);
    };
  }
}
