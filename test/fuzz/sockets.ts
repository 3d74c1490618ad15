import fc from 'fast-check';
import WebSocket from 'ws';
import { sendInvalidUtf8, invalidCloseCodeFrame, writeRawFrame } from '../support/socketAbuse';
import { TestSocket } from '../support/sockets';
import {
  hostileCursor,
  hostileJson,
  hostileNumber,
  hostileString,
  hostileText,
} from './arbitraries';

const TEXT = 0x1;
const CONTINUATION = 0x0;
const PING = 0x9;

/** One thing a hostile client does to an open socket. */
export type SocketAction =
  | { kind: 'message'; text: string }
  | { kind: 'oversized'; bytes: number }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'invalidUtf8' }
  | { kind: 'fragments'; parts: string[]; shape: 'whole' | 'orphan' | 'interleaved' | 'control' }
  | { kind: 'pingFlood'; count: number }
  | { kind: 'subscribeStorm'; count: number; ticket: string }
  | { kind: 'badClose' };

/** Messages of the comment protocol with hostile fields, and whatever else a client may send. */
function messageArbitrary(ticket: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const protocol = fc.oneof(
    fc.record(
      {
        type: fc.constantFrom('subscribe', 'unsubscribe', 'typing'),
        ticket: fc.oneof(ticket, hostileJson),
        after: fc.oneof(hostileNumber, hostileCursor),
      },
      { requiredKeys: ['type', 'ticket'] },
    ),
    fc.record({
      type: fc.constant('comment.post'),
      ref: fc.oneof(hostileString, hostileJson),
      ticket,
      body: fc.oneof(hostileString, hostileJson),
      internal: fc.oneof(fc.boolean(), hostileJson),
    }),
    fc.record({ type: fc.oneof(hostileString, hostileJson) }),
    hostileJson,
  );
  return fc.oneof(
    { arbitrary: protocol.map((value) => JSON.stringify(value) ?? 'null'), weight: 5 },
    { arbitrary: hostileText, weight: 1 },
  );
}

/** Every kind of abuse, each drawn with its sizes and contents. */
export function socketActions(realTicket: string): fc.Arbitrary<SocketAction[]> {
  const ticket = fc.oneof(fc.constant(realTicket), hostileText);
  const action: fc.Arbitrary<SocketAction> = fc.oneof(
    {
      arbitrary: messageArbitrary(ticket).map((text) => ({ kind: 'message' as const, text })),
      weight: 4,
    },
    fc
      .integer({ min: 4_097, max: 200_000 })
      .map((bytes) => ({ kind: 'oversized' as const, bytes })),
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((bytes) => ({ kind: 'binary' as const, bytes })),
    fc.constant({ kind: 'invalidUtf8' as const }),
    fc.record({
      kind: fc.constant('fragments' as const),
      parts: fc.array(fc.string({ maxLength: 20 }), { minLength: 2, maxLength: 6 }),
      shape: fc.constantFrom(
        'whole' as const,
        'orphan' as const,
        'interleaved' as const,
        'control' as const,
      ),
    }),
    fc.integer({ min: 50, max: 1_000 }).map((count) => ({ kind: 'pingFlood' as const, count })),
    fc
      .tuple(fc.integer({ min: 20, max: 200 }), ticket)
      .map(([count, value]) => ({ kind: 'subscribeStorm' as const, count, ticket: value })),
    fc.constant({ kind: 'badClose' as const }),
  );
  return fc.array(action, { minLength: 1, maxLength: 5 });
}

/** Fragments of one text message: in order, a continuation with no start, a new message inside, or a fragmented ping. */
function sendFragments(
  ws: WebSocket,
  action: Extract<SocketAction, { kind: 'fragments' }>,
): number {
  const parts = action.parts.map((part) => Buffer.from(part, 'utf8'));
  if (action.shape === 'orphan') writeRawFrame(ws, CONTINUATION, parts[0]!, true);
  if (action.shape === 'control') writeRawFrame(ws, PING, parts[0]!, false);
  if (action.shape === 'orphan' || action.shape === 'control') return 1;
  parts.forEach((part, i) => {
    writeRawFrame(ws, i === 0 ? TEXT : CONTINUATION, part, i === parts.length - 1);
    if (action.shape === 'interleaved' && i === 0) writeRawFrame(ws, TEXT, part, true);
  });
  return parts.length + (action.shape === 'interleaved' ? 1 : 0);
}

/** Does the action to the socket while it is open; the number of frames it sent. */
export function perform(socket: TestSocket, action: SocketAction): number {
  const ws = socket.ws;
  if (ws.readyState !== WebSocket.OPEN) return 0;
  const ignore = (): void => undefined;
  switch (action.kind) {
    case 'message':
      ws.send(action.text, ignore);
      return 1;
    case 'oversized':
      ws.send('x'.repeat(action.bytes), ignore);
      return 1;
    case 'binary':
      ws.send(action.bytes, { binary: true }, ignore);
      return 1;
    case 'invalidUtf8':
      sendInvalidUtf8(ws);
      return 1;
    case 'fragments':
      return sendFragments(ws, action);
    case 'pingFlood':
      for (let i = 0; i < action.count; i += 1) ws.ping(undefined, undefined, ignore);
      return action.count;
    case 'subscribeStorm':
      for (let i = 0; i < action.count; i += 1) {
        ws.send(JSON.stringify({ type: 'subscribe', ticket: action.ticket, after: i }), ignore);
      }
      return action.count;
    case 'badClose':
      invalidCloseCodeFrame(ws);
      return 1;
  }
}

/** A socket to a live endpoint that also tolerates non-JSON and errors (the fuzz expects both). */
export async function openSocket(url: string): Promise<TestSocket> {
  const socket = await TestSocket.open(url);
  socket.ws.on('error', () => undefined);
  return socket;
}
