/**
 * A runner like `npm start`'s over two tiny processes, for test/infra/supervisor.test.ts:
 * `node --import tsx supervisedRunner.ts <pid file> <port>`. The "listener" child holds the port;
 * the "sleeper" only stays up. Each prints `started <pid>` once up. SIGUSR2 makes the runner
 * itself fail with an uncaught error.
 */
import { startRunner } from '../../platform/runner';
import { PlatformAlreadyRunningError } from '../../platform/singleInstance';

const [pidFile = '', portText = ''] = process.argv.slice(2);
const port = Number(portText);

const child = (name: string, script: string) => ({
  name,
  command: process.execPath,
  args: ['-e', script],
  cwd: process.cwd(),
  env: {},
});

startRunner({
  pidFile,
  ports: [{ name: 'listener', host: '127.0.0.1', port }],
  policy: { initialDelayMs: 200, maxDelayMs: 1_000, resetAfterMs: 60_000 },
  stopTimeoutMs: 5_000,
  log: (line) => process.stdout.write(`[runner] ${line}\n`),
  output: (name, line) => process.stdout.write(`${name} | ${line}\n`),
  exit: (code) => process.exit(code),
})
  .then(({ supervisor }) => {
    const started = "console.log('started', process.pid)";
    supervisor.start([
      child(
        'listener',
        `require('node:net').createServer().listen(${port}, '127.0.0.1', () => ${started})`,
      ),
      child('sleeper', `${started}; setInterval(() => undefined, 1000)`),
    ]);
    process.on('SIGUSR2', () => {
      throw new Error('the runner failed');
    });
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof PlatformAlreadyRunningError ? error.message : String(error)}\n`,
    );
    process.exit(2);
  });
