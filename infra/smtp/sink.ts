import { SMTPServer } from 'smtp-server';

export interface SunkEmail {
  from: string;
  to: string[];
  raw: string;
  receivedAt: string;
}

export interface SmtpSink {
  port: number;
  messages: SunkEmail[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server that accepts every message and keeps it: the mail server of development and
 * tests, so what the notification service sent can be read back.
 */
export async function startSmtpSink(port: number, host = '127.0.0.1'): Promise<SmtpSink> {
  const messages: SunkEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          receivedAt: new Date().toISOString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
