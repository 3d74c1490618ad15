import express from 'express';
import { ServiceUnavailableError, ValidationError } from '../../domain/errors';
import { startHttpServer, type RunningServer } from '../../api/shared/http/server';
import { ServiceHttpClient, ServiceTokenSource } from '../../infra/http/serviceClient';

/** Nothing listens on port 9. */
const UNREACHABLE = 'http://127.0.0.1:9';

describe('service HTTP client', () => {
  let peer: RunningServer;

  beforeAll(async () => {
    const app = express();
    app.post('/api/v1/service-tokens', (_req, res) => {
      res.json({ accessToken: 'token', expiresIn: 300 });
    });
    app.get('/broken', (_req, res) => {
      res.status(500).json({ error: { message: 'internal error' } });
    });
    app.get('/page', (_req, res) => {
      res.type('html').send('<!doctype html><html></html>');
    });
    app.get('/invalid', (_req, res) => {
      res.status(422).json({ error: { message: 'bad', field: 'body.x' } });
    });
    peer = await startHttpServer(app, 0);
  });
  afterAll(() => peer.stop());

  it('reports a peer it cannot reach, or whose own answer is a 5xx, as 503 service_unavailable', async () => {
    const tokens = new ServiceTokenSource(peer.url, 'key');
    const down = new ServiceHttpClient('ticket', UNREACHABLE, tokens);
    await expect(down.get('/anything')).rejects.toBeInstanceOf(ServiceUnavailableError);
    const noAuth = new ServiceHttpClient(
      'ticket',
      peer.url,
      new ServiceTokenSource(UNREACHABLE, 'k'),
    );
    await expect(noAuth.get('/broken')).rejects.toMatchObject({
      status: 503,
      message: /^auth is unreachable/,
    });
    const client = new ServiceHttpClient('ticket', peer.url, tokens);
    await expect(client.get('/broken')).rejects.toMatchObject({
      status: 503,
      message: 'ticket: internal error (HTTP 500)',
    });
    await expect(client.get('/invalid')).rejects.toBeInstanceOf(ValidationError);
    // Something else answering on the peer's address (a misrouted proxy, a web server).
    await expect(client.get('/page')).rejects.toMatchObject({
      status: 503,
      message: 'the ticket service answered GET /page with something other than JSON',
    });
  });
});
