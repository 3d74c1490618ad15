import { connect, type Socket } from 'node:net';
import type WebSocket from 'ws';
import type { TestSocket } from './sockets';

/** Resolves with the close code the peer sent, or fails if the socket is still open after the timeout. */
export async function closedWith(socket: TestSocket, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!socket.closed) {
    if (Date.now() > deadline) throw new Error(`socket still open after ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return socket.closed.code;
}

/** ws does not validate a Buffer sent as text: the peer gets a text frame of invalid UTF-8. */
export function sendInvalidUtf8(ws: WebSocket): void {
  ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
}

/**
 * Writes one frame under ws, as it is: any opcode, FIN or not, so a test can send what ws never
 * would (fragments out of order, fragmented control frames, bad close codes). Client frames must
 * be masked: a zero mask key leaves the payload as is.
 */
export function writeRawFrame(ws: WebSocket, opcode: number, payload: Buffer, fin = true): void {
  const raw = (ws as unknown as { _socket: Socket | null })._socket;
  if (!raw || raw.destroyed) return;
  const length =
    payload.length < 126
      ? Buffer.from([0x80 | payload.length])
      : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  raw.write(
    Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode]), length, Buffer.alloc(4), payload]),
  );
}

/** A close frame with code 999, not a valid close code, which ws refuses to send itself. */
export function invalidCloseCodeFrame(ws: WebSocket): void {
  writeRawFrame(ws, 0x8, Buffer.from([999 >> 8, 999 & 0xff]));
}

/**
 * Sends a WebSocket upgrade request over a bare TCP socket: what the server answered (its head)
 * and how long after the request the server dropped the connection (Infinity if it did not
 * within the timeout).
 */
export function rawUpgrade(
  port: number,
  path: string,
  timeoutMs = 5_000,
): Promise<{ head: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ head: answer, closedAfterMs: Infinity });
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ head: answer, closedAfterMs: Date.now() - started });
    });
    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${String(port)}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}
