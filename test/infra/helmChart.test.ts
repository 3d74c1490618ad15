import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../infra/config/config';
import { HTTP_SERVICE_NAMES } from '../../infra/config/services';
import { ROOT } from '../../infra/temporal/processes';

const run = promisify(execFile);

/** Built once per machine by infra/scripts/build-deploy-tools.sh (part of `npm test`'s setup). */
const HELM = path.join(ROOT, '.deploy/bin/helm');
const VALIDATE = path.join(ROOT, '.deploy/bin/validate');
const CHART = path.join(ROOT, 'deploy/helm/helpdesk');

const SECRETS = {
  'secrets.values.PGPASSWORD': 'pg-secret',
  'secrets.values.AMQP_URL': 'amqps://helpdesk:mq-secret@rabbitmq:5671',
  'secrets.values.SERVICE_API_KEY': 'a-service-key-of-32-characters!!',
  'secrets.values.METRICS_TOKEN': 'a-metrics-token-of-32-characters',
};

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  readinessProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string }[];
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    template?: {
      spec: {
        containers: Container[];
        terminationGracePeriodSeconds?: number;
        volumes?: { name: string; secret?: { secretName: string } }[];
      };
    };
    scaleTargetRef?: { name: string };
    minReplicaCount?: number;
    triggers?: {
      type: string;
      metadata: Record<string, string>;
      authenticationRef?: { name: string };
    }[];
    secretTargetRef?: { parameter: string; name: string; key: string }[];
  };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** Booleans as booleans (a string "false" is true in a template), everything else verbatim. */
const setArgs = (values: Record<string, string>) =>
  Object.entries(values).flatMap(([key, value]) => [
    /^(true|false)$/.test(value) ? '--set' : '--set-string',
    `${key}=${value}`,
  ]);

async function render(values: Record<string, string> = SECRETS): Promise<string> {
  const { stdout } = await run(HELM, ['template', 'hd', CHART, ...setArgs(values)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** The Secret's keys as a process sees them. */
const SECRETS_ENV = Object.fromEntries(
  Object.entries(SECRETS).map(([key, value]) => [key.replace('secrets.values.', ''), value]),
);

let workDir: string;

/** Runs the strict validator on YAML text; resolves to what it accepted. */
async function validate(yamlText: string): Promise<{ kind: string; name: string }[]> {
  const file = path.join(workDir, `manifests-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yamlText);
  const { stdout } = await run(VALIDATE, [file]);
  return JSON.parse(stdout) as { kind: string; name: string }[];
}

const parseManifests = (yamlText: string): Manifest[] =>
  parseAllDocuments(yamlText)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);

const WORKLOADS = [...HTTP_SERVICE_NAMES, 'web', 'temporal-worker'];

describe('Helm chart deploy/helm/helpdesk', () => {
  let rendered: string;
  let manifests: Manifest[];
  const find = (kind: string, name: string) => {
    const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name} rendered`);
    return found;
  };
  const containerOf = (name: string) => {
    const container = find('Deployment', name).spec?.template?.spec.containers[0];
    if (!container) throw new Error(`Deployment ${name} has no container`);
    return container;
  };

  beforeAll(async () => {
    for (const tool of [HELM, VALIDATE]) {
      if (!existsSync(tool)) throw new Error(`${tool} missing: run bash infra/scripts/setup.sh`);
    }
    workDir = mkdtempSync(path.join(tmpdir(), 'helm-chart-'));
    rendered = await render();
    manifests = parseManifests(rendered);
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('passes helm lint --strict', async () => {
    await expect(
      run(HELM, ['lint', '--strict', CHART, ...setArgs(SECRETS)]),
    ).resolves.toMatchObject({ stdout: expect.stringContaining('0 chart(s) failed') as unknown });
  });

  it('renders only objects that decode strictly into their Kubernetes types', async () => {
    const accepted = await validate(rendered);
    const names = (kind: string) =>
      accepted
        .filter((object) => object.kind === kind)
        .map((object) => object.name)
        .sort();
    const named = (list: string[]) => list.map((name) => `hd-${name}`).sort();
    expect(names('Deployment')).toEqual(named(WORKLOADS));
    expect(names('Service')).toEqual(named([...HTTP_SERVICE_NAMES, 'web']));
    expect(names('PodDisruptionBudget')).toEqual(named(WORKLOADS));
    expect(names('ScaledObject')).toEqual(['hd-temporal-worker']);
    expect(names('TriggerAuthentication')).toEqual(['hd-temporal-worker']);
    expect(names('Job')).toEqual(['hd-setup']);
    expect(names('ConfigMap')).toEqual(['hd-config']);
    expect(names('Secret')).toEqual(['hd-secrets']);
    expect(accepted).toHaveLength(manifests.length);
  });

  it('probes readiness on /health and liveness on /health/live of every HTTP service', () => {
    for (const name of [...HTTP_SERVICE_NAMES, 'web']) {
      const container = containerOf(`hd-${name}`);
      expect([name, container.readinessProbe?.httpGet]).toEqual([
        name,
        { path: '/health', port: 'http' },
      ]);
      expect([name, container.livenessProbe?.httpGet]).toEqual([
        name,
        { path: '/health/live', port: 'http' },
      ]);
      expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
    }
    expect(containerOf('hd-temporal-worker').livenessProbe?.httpGet).toEqual({
      path: '/metrics',
      port: 'metrics',
    });
  });

  it('shuts every pod down gracefully within its termination grace period', () => {
    for (const name of [...HTTP_SERVICE_NAMES, 'web']) {
      const pod = find('Deployment', `hd-${name}`).spec?.template?.spec;
      const preStop = pod?.containers[0]?.lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(preStop).toBeGreaterThan(0);
      // preStop, then SIGTERM: 5 s of HTTP drain at most (api/shared/http/server.ts), then close.
      expect(pod?.terminationGracePeriodSeconds ?? 30).toBeGreaterThanOrEqual(preStop + 5 + 10);
    }
    const worker = find('Deployment', 'hd-temporal-worker').spec?.template?.spec;
    const grace = Number(
      worker?.containers[0]?.env?.find((e) => e.name === 'WORKER_SHUTDOWN_GRACE_MS')?.value,
    );
    expect(grace).toBeGreaterThan(0);
    // The worker gives up 5 s after the grace (workers/temporal/worker.ts).
    expect((worker?.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(grace + 5_000);
  });

  it('sets requests and a memory limit on every container', () => {
    for (const manifest of manifests.filter((m) => ['Deployment', 'Job'].includes(m.kind))) {
      for (const container of manifest.spec?.template?.spec.containers ?? []) {
        expect([manifest.metadata.name, container.resources?.requests?.cpu]).toEqual([
          manifest.metadata.name,
          expect.any(String),
        ]);
        expect(container.resources?.limits?.memory).toEqual(expect.any(String));
      }
    }
  });

  it("configures every process from the ConfigMap and Secret, and production's checks accept it", () => {
    const data = find('ConfigMap', 'hd-config').data ?? {};
    const secrets = find('Secret', 'hd-secrets').stringData ?? {};
    for (const key of Object.keys(secrets)) expect(data).not.toHaveProperty(key);
    const config = loadConfig({ ...data, ...secrets });
    expect(config.env).toBe('production');
    expect(config.http.auth.url).toBe('http://hd-auth:8003');
    expect(config.temporal.address).toMatch(/^temporal-frontend\./);
    for (const name of WORKLOADS) {
      const container = containerOf(`hd-${name}`);
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'hd-config' } }]);
      const fromSecret = (container.env ?? []).filter((e) => e.valueFrom?.secretKeyRef);
      expect(fromSecret.map((e) => e.name)).toEqual(
        expect.arrayContaining(['PGPASSWORD', 'AMQP_URL', 'SERVICE_API_KEY', 'METRICS_TOKEN']),
      );
    }
  });

  it('scales the worker on its task-queue backlog with KEDA, and owns no replica count then', async () => {
    const scaled = find('ScaledObject', 'hd-temporal-worker');
    expect(scaled.spec?.scaleTargetRef?.name).toBe('hd-temporal-worker');
    expect(scaled.spec?.minReplicaCount).toBeGreaterThanOrEqual(2);
    expect(scaled.spec?.triggers).toEqual([
      {
        type: 'temporal',
        metadata: expect.objectContaining({
          taskQueue: 'ticket-lifecycle',
          namespace: 'default',
          targetQueueSize: expect.stringMatching(/^\d+$/) as unknown,
        }) as unknown,
        authenticationRef: { name: 'hd-temporal-worker' },
      },
    ]);
    expect(find('Deployment', 'hd-temporal-worker').spec?.replicas).toBeUndefined();

    const fixed = parseManifests(
      await render({ ...SECRETS, 'worker.autoscaling.enabled': 'false' }),
    );
    expect(fixed.filter((m) => m.kind === 'ScaledObject')).toEqual([]);
    expect(
      fixed.find((m) => m.kind === 'Deployment' && m.metadata.name === 'hd-temporal-worker')?.spec
        ?.replicas,
    ).toBe(2);
  });

  it("reaches Temporal's frontend over mTLS from every pod and from KEDA", () => {
    const data = find('ConfigMap', 'hd-config').data ?? {};
    const tls = loadConfig({ ...data, ...find('Secret', 'hd-secrets').stringData }).temporal.tls;
    expect(tls?.serverName).toBe('temporal-frontend');
    for (const manifest of manifests.filter((m) => ['Deployment', 'Job'].includes(m.kind))) {
      const pod = manifest.spec?.template?.spec;
      const volume = pod?.volumes?.find(
        (v) => v.secret?.secretName === 'helpdesk-temporal-client-tls',
      );
      const mount = pod?.containers[0]?.volumeMounts?.find((m) => m.name === volume?.name);
      expect([manifest.metadata.name, mount?.mountPath]).toEqual([
        manifest.metadata.name,
        '/etc/helpdesk/temporal-tls',
      ]);
      for (const file of [tls?.clientCertPath, tls?.clientKeyPath, tls?.serverCaCertPath]) {
        expect(path.dirname(file ?? '')).toBe(mount?.mountPath);
      }
    }
    const auth = find('TriggerAuthentication', 'hd-temporal-worker').spec?.secretTargetRef ?? [];
    expect(auth.map(({ parameter, key }) => `${parameter}=${key}`).sort()).toEqual([
      'ca=ca.crt',
      'cert=tls.crt',
      'key=tls.key',
    ]);
    expect(find('ScaledObject', 'hd-temporal-worker').spec?.triggers?.[0]?.metadata).toMatchObject({
      tlsServerName: 'temporal-frontend',
    });
  });

  it('cannot be configured for production without Temporal mTLS', async () => {
    const open = parseManifests(await render({ ...SECRETS, 'temporal.tls.enabled': 'false' }));
    const data = open.find((m) => m.kind === 'ConfigMap')?.data ?? {};
    expect(() => loadConfig({ ...data, ...SECRETS_ENV })).toThrow(/TEMPORAL_TLS_CLIENT_CERT_PATH/);
  });

  it('refuses to render without its secrets, and uses a Secret the operator manages when named', async () => {
    await expect(render({})).rejects.toThrow(/secrets\.values\.PGPASSWORD is required/);
    const external = parseManifests(await render({ 'secrets.existingSecret': 'vault-synced' }));
    expect(external.filter((m) => m.kind === 'Secret')).toEqual([]);
    const env = external.find((m) => m.metadata.name === 'hd-auth' && m.kind === 'Deployment')?.spec
      ?.template?.spec.containers[0]?.env;
    expect(env?.find((e) => e.name === 'PGPASSWORD')?.valueFrom?.secretKeyRef?.name).toBe(
      'vault-synced',
    );
  });

  it('has a validator that refuses what a cluster would refuse or silently ignore', async () => {
    const deployment = (patch: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: probe }
spec:
  selector: { matchLabels: { app: probe } }
  template:
    metadata: { labels: { app: ${patch.includes('LABEL') ? 'other' : 'probe'} } }
    spec:
      containers:
        - name: probe
          image: x
          ports: [{ name: http, containerPort: 80 }]
          readinessProbe: { httpGet: { path: /health, port: ${patch.includes('PORT') ? 'web' : 'http'} } }
          ${patch.includes('FIELD') ? 'readinesProbe: {}' : ''}
`;
    await expect(validate(deployment(''))).resolves.toHaveLength(1);
    await expect(validate(deployment('FIELD'))).rejects.toThrow(/unknown field "readinesProbe"/);
    await expect(validate(deployment('LABEL'))).rejects.toThrow(/does not match the pod template/);
    await expect(validate(deployment('PORT'))).rejects.toThrow(/port "web"/);
    const typo = `${deployment('')}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: probe }
spec:
  scaleTargetRef: { name: probe }
  triggers:
    - type: temporal
      metadata: { endpoint: 't:7233', taskQueue: q, targetQueueSize: '5', taskQeueu: q }
`;
    await expect(validate(typo)).rejects.toThrow(/"taskQeueu" is not a key the scaler reads/);
  });
});
