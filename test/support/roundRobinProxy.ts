import { connect, createServer, type Server, type Socket } from 'node:net';

export interface RoundRobinProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * What the compose gateway and a Kubernetes Service do for the drills: one TCP port in front of
 * several instances, each connection to the next one in turn; an instance that refuses (killed,
 * restarting) is skipped, so a client only fails when every instance is down. HTTP and WebSocket
 * alike, since it only relays bytes.
 */
export async function startRoundRobinProxy(
  backends: number[],
  port: number,
): Promise<RoundRobinProxy> {
  let next = 0;
  const open = new Set<Socket>();
  const relay = (client: Socket, attempt: number): void => {
    if (attempt >= backends.length) {
      client.destroy();
      return;
    }
    const port = backends[next % backends.length] as number;
    next += 1;
    const upstream = connect(port, '127.0.0.1');
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    upstream.once('connect', () => {
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (upstream.connecting || error.code === 'ECONNREFUSED') relay(client, attempt + 1);
    });
  };
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    // Paused until relayed: pipe() resumes it once the instance answers, nothing is lost before.
    relay(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
