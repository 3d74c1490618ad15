import http from 'node:http';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { startSmtpSink } from './sink';

/** Development mail server: SMTP on SMTP_PORT, the received mail as JSON on SMTP_SINK_HTTP_PORT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('smtp-sink', config);
  const sink = await startSmtpSink(config.smtp.port, config.smtp.host);
  const viewer = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ messages: sink.messages.slice(-200).reverse() }));
  });
  viewer.listen(config.smtp.sinkHttpPort, '127.0.0.1');
  logger.info({ smtp: sink.port, http: config.smtp.sinkHttpPort }, 'smtp sink listening');
  const stop = (): void => {
    viewer.close();
    void sink.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`smtp-sink failed: ${String(error)}\n`);
  process.exit(1);
});
