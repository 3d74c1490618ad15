import WebSocket from 'ws';

export interface SocketMessage {
  type: string;
  [key: string]: unknown;
}

/**
 * A WebSocket test client that records every message it receives, so a test can wait for one
 * and later assert on everything that arrived (for duplicates, or for what must never arrive).
 */
export class TestSocket {
  readonly received: SocketMessage[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString('utf8')) as SocketMessage);
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
    });
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options);
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`HTTP ${String(res.statusCode)}`)),
      );
    });
    await socket.next((m) => m.type === 'ready');
    return socket;
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Resolves with the first received message (from `from` on) matching, or fails after the timeout. */
  async next(
    match: (message: SocketMessage) => boolean,
    timeoutMs = 5_000,
    from = 0,
  ): Promise<SocketMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.received.map((m) => m.type))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sends a request and waits for the answer carrying the same ref (ack or error). */
  async request(message: Record<string, unknown> & { ref: string }): Promise<SocketMessage> {
    const from = this.received.length;
    this.send(message);
    return this.next((m) => m.ref === message.ref, 5_000, from);
  }

  all(type: string): SocketMessage[] {
    return this.received.filter((m) => m.type === type);
  }

  close(): void {
    this.ws.terminate();
  }
}
