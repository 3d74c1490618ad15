import type { Duplex } from 'node:stream';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../../infra/logging/logger';

/** Close code for a binary frame: the platform's sockets speak JSON text only. */
export const UNSUPPORTED_DATA_CLOSE = 1003;

/**
 * Answers an upgrade request it will not serve with a bare HTTP status and drops the socket as
 * soon as the answer is written, as ws does (an unanswered upgrade holds the connection open
 * until the client gives up).
 */
export function rejectUpgrade(socket: Duplex, status: 401 | 404): void {
  const text = status === 401 ? 'Unauthorized' : 'Not Found';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${String(status)} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
  );
}

/**
 * Node's HTTP server stops watching a socket for errors once it emits 'upgrade': without a
 * listener, a client that resets while its token is being verified would crash the process.
 */
export function guardUpgradeSocket(socket: Duplex): void {
  socket.on('error', () => socket.destroy());
}

/** A WebSocketServer's own errors are logged, never fatal. */
export function guardServer(server: WebSocketServer, logger: Logger, name: string): void {
  server.on('error', (error) => logger.warn({ err: error, socket: name }, 'socket server error'));
}

/**
 * Every socket needs an 'error' listener: ws emits 'error' for a frame over maxPayload, invalid
 * UTF-8, a bad close code or another protocol violation, and an unhandled 'error' event exits the
 * process. With the listener, ws closes just that socket with the matching code (1009, 1007,
 * 1002) and the service lives on.
 */
export function guardSocket(ws: WebSocket, logger: Logger, name: string): void {
  ws.on('error', (error: Error & { code?: string }) =>
    logger.debug({ err: error, code: error.code, socket: name }, 'socket protocol error'),
  );
}

/** Closes a socket that sent a binary frame (1003) and says so; true when it did. */
export function refuseBinary(ws: WebSocket, isBinary: boolean): boolean {
  if (!isBinary) return false;
  ws.close(UNSUPPORTED_DATA_CLOSE, 'binary frames are not supported');
  return true;
}

/** A received frame's text (ws hands it over as one buffer, fragments, or an ArrayBuffer). */
export function textOf(data: RawData): string {
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(data);
  return bytes.toString('utf8');
}
