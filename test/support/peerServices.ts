import express from 'express';
import type { TicketEvent } from '../../domain/tickets';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import { ServiceHttpClient, ServiceTokenSource } from '../../infra/http/serviceClient';
import type { Person } from '../../domain/people';

/**
 * Stand-ins for the HTTP services the lifecycle's activities call (auth directory, ticket events,
 * messaging comments), recording what they receive. Workflow tests use them to focus on the
 * workflow; the end-to-end test runs the real services instead.
 */
export interface PeerServices {
  url: string;
  /** Role members per `${system}/${role}`; tests edit it to change who can be assigned. */
  members: Map<string, Person[]>;
  events: Map<string, TicketEvent[]>;
  comments: Map<string, string[]>;
  clients: { auth: ServiceHttpClient; tickets: ServiceHttpClient; messaging: ServiceHttpClient };
  eventsOf(ticketNumber: string): TicketEvent[];
  stop(): Promise<void>;
}

export async function startPeerServices(): Promise<PeerServices> {
  const members = new Map<string, Person[]>();
  const events = new Map<string, TicketEvent[]>();
  const comments = new Map<string, string[]>();
  const app = express();
  app.use(express.json());
  app.post('/api/v1/service-tokens', (_req, res) => {
    res.json({ accessToken: 'peer-token', expiresIn: 300 });
  });
  app.get('/api/v1/roles/:role/users', (req, res) => {
    res.json({
      items:
        members.get(
          `${typeof req.query.system === 'string' ? req.query.system : ''}/${req.params.role}`,
        ) ?? [],
    });
  });
  const recordEvent = (ticketNumber: string, event: TicketEvent) => {
    const list = events.get(ticketNumber) ?? [];
    if (!list.some((e) => e.eventKey === event.eventKey)) list.push(event);
    events.set(ticketNumber, list);
  };
  app.post('/internal/v1/tickets/:number/events', (req, res) => {
    recordEvent(req.params.number, req.body as TicketEvent);
    res.status(201).json({ event: req.body as TicketEvent });
  });
  app.post('/internal/v1/tickets/:number/events/batch', (req, res) => {
    const batch = (req.body as { events: TicketEvent[] }).events;
    for (const event of batch) recordEvent(req.params.number, event);
    res.json({ events: batch });
  });
  app.post('/internal/v1/tickets/:number/comments', (req, res) => {
    const list = comments.get(req.params.number) ?? [];
    list.push(String((req.body as { body: string }).body));
    comments.set(req.params.number, list);
    res.status(201).json({});
  });
  const server: RunningServer = await startHttpServer(app, 0);
  const tokens = new ServiceTokenSource(server.url, 'peer-api-key-0000');
  return {
    url: server.url,
    members,
    events,
    comments,
    clients: {
      auth: new ServiceHttpClient('auth', server.url, tokens),
      tickets: new ServiceHttpClient('ticket', server.url, tokens),
      messaging: new ServiceHttpClient('messaging', server.url, tokens),
    },
    eventsOf: (ticketNumber) => events.get(ticketNumber) ?? [],
    stop: () => server.stop(),
  };
}
