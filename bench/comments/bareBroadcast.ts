import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The baseline of bench/comments: a bare `ws` server that does nothing but fan a posted body out
 * to the sockets subscribed to a ticket. Same protocol subset as messaging: `subscribe` in, and
 * `comment.created` out; POST /tickets/:ticket/comments with the body as JSON.
 */
const subscribers = new Map<string, Set<WebSocket>>();
let nextId = 1;

const server = http.createServer((req, res) => {
  const match = /^\/tickets\/([^/]+)\/comments$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !match?.[1]) {
    res.writeHead(404).end();
    return;
  }
  const ticket = match[1];
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { body } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string };
    const comment = { id: String(nextId++), body };
    const text = JSON.stringify({ type: 'comment.created', ticket, comment });
    for (const ws of subscribers.get(ticket) ?? []) ws.send(text);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ comment }));
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  ws.send(JSON.stringify({ type: 'ready' }));
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { type: string; ticket: string };
    if (message.type !== 'subscribe') return;
    const set = subscribers.get(message.ticket) ?? new Set<WebSocket>();
    set.add(ws);
    subscribers.set(message.ticket, set);
    ws.on('close', () => set.delete(ws));
    ws.send(JSON.stringify({ type: 'subscribed', ticket: message.ticket }));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address !== 'string') process.send?.({ port: address.port });
});
process.on('disconnect', () => process.exit(0));
