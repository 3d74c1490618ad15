import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../infra/config/config';
import { temporalTarget, waitForTemporal, type TemporalTarget } from '../../infra/temporal/client';
import { binary, ROOT } from '../../infra/temporal/processes';
import { freePorts } from '../support/miniPlatform';

const run = promisify(execFile);

/**
 * The production shapes' Temporal auth, end to end on this machine: certificates from
 * deploy/tls/make-certs.sh, the pinned temporal-server with the frontend (and internode) requiring
 * a client certificate from that CA, and the platform's own connection code reading the same
 * TEMPORAL_TLS_* variables the compose file and the chart set. In-memory SQLite keeps it apart
 * from the tests' shared server.
 */
describe('Temporal frontend behind mTLS', () => {
  let dir: string;
  let server: ChildProcess;
  let address: string;
  const certs = (set: string, who: string) => ({
    TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, set, who, `${who}.pem`),
    TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, set, who, `${who}.key`),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, set, who, 'ca.pem'),
    TEMPORAL_TLS_SERVER_NAME: 'temporal',
  });
  const targetOf = (env: Record<string, string>): TemporalTarget =>
    temporalTarget(loadConfig({ TEMPORAL_ADDRESS: address, ...env }).temporal);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'temporal-mtls-'));
    const makeCerts = path.join(ROOT, 'deploy/tls/make-certs.sh');
    await run('bash', [makeCerts, path.join(dir, 'ours')]);
    await run('bash', [makeCerts, path.join(dir, 'strangers')]);

    const [frontend, ...others] = await freePorts(9);
    const port = (i: number) => String(others[i]);
    address = `127.0.0.1:${frontend}`;
    const server_ = path.join(dir, 'ours/server');
    const tlsSide = (requireClientAuth: boolean) => ({
      server: {
        certFile: `${server_}/server.pem`,
        keyFile: `${server_}/server.key`,
        requireClientAuth,
        clientCaFiles: [`${server_}/ca.pem`],
      },
      client: { serverName: 'temporal', rootCaFiles: [`${server_}/ca.pem`] },
    });
    const sqlite = {
      sql: {
        pluginName: 'sqlite',
        databaseName: 'default',
        connectAddr: 'localhost',
        connectProtocol: 'tcp',
        connectAttributes: { mode: 'memory', cache: 'private' },
        maxConns: 1,
        maxIdleConns: 1,
      },
    };
    const rpc = (grpc: string, membership: string, extra = {}) => ({
      rpc: {
        grpcPort: Number(grpc),
        membershipPort: Number(membership),
        bindOnLocalHost: true,
        ...extra,
      },
    });
    const config = {
      log: { stdout: true, level: 'warn' },
      persistence: {
        defaultStore: 'db',
        visibilityStore: 'visibility',
        numHistoryShards: 1,
        datastores: { db: sqlite, visibility: sqlite },
      },
      global: {
        membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
        tls: { internode: tlsSide(true), frontend: tlsSide(true) },
      },
      services: {
        frontend: rpc(String(frontend), port(0), { httpPort: Number(port(1)) }),
        matching: rpc(port(2), port(3)),
        history: rpc(port(4), port(5)),
        worker: rpc(port(6), port(7)),
      },
      clusterMetadata: {
        enableGlobalNamespace: false,
        failoverVersionIncrement: 10,
        masterClusterName: 'active',
        currentClusterName: 'active',
        clusterInformation: {
          active: {
            enabled: true,
            initialFailoverVersion: 1,
            rpcName: 'frontend',
            rpcAddress: `localhost:${frontend}`,
            httpAddress: `localhost:${port(1)}`,
          },
        },
      },
      dcRedirectionPolicy: { policy: 'noop' },
    };
    mkdirSync(path.join(dir, 'config'));
    // JSON is YAML: the server's config loader reads it as is.
    writeFileSync(path.join(dir, 'config/development.yaml'), JSON.stringify(config, null, 2));
    const log = openSync(path.join(dir, 'server.log'), 'a');
    server = spawn(
      binary('temporal-server'),
      ['--root', dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
      {
        stdio: ['ignore', log, log],
        env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: '1' },
      },
    );
    await waitForTemporal(targetOf(certs('ours', 'platform')), 60_000);
  }, 90_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const refused = async (target: TemporalTarget) => {
    const connection = Connection.connect({ ...target, connectTimeout: 3_000 });
    await expect(
      connection.then((c) => c.workflowService.getSystemInfo({}).finally(() => c.close())),
    ).rejects.toThrow();
  };

  it("lets the platform's services and workers in with their certificate", async () => {
    const target = targetOf(certs('ours', 'platform'));
    const connection = await Connection.connect(target);
    try {
      await expect(connection.workflowService.getSystemInfo({})).resolves.toBeDefined();
    } finally {
      await connection.close();
    }
    // The worker's connection is the SDK's Rust core: it must take the same files.
    const native = await NativeConnection.connect(target);
    await native.close();
  });

  it('lets an operator in with the temporal CLI and their certificate', async () => {
    const operator = path.join(dir, 'ours/operator');
    const { stdout } = await run(binary('temporal'), [
      'operator',
      'cluster',
      'health',
      '--address',
      address,
      '--tls-cert-path',
      `${operator}/operator.pem`,
      '--tls-key-path',
      `${operator}/operator.key`,
      '--tls-ca-path',
      `${operator}/ca.pem`,
      '--tls-server-name',
      'temporal',
    ]);
    expect(stdout).toContain('SERVING');
  });

  it('refuses plaintext, TLS without a client certificate, and certificates of another CA', async () => {
    const ours = targetOf(certs('ours', 'platform'));
    await refused({ address });
    await refused({
      address,
      tls: {
        serverRootCACertificate: ours.tls?.serverRootCACertificate,
        serverNameOverride: 'temporal',
      },
    });
    const strangers = targetOf(certs('strangers', 'platform'));
    await refused({
      address,
      tls: { ...strangers.tls, serverRootCACertificate: ours.tls?.serverRootCACertificate },
    });
  });
});
