import { loadConfig } from '../../infra/config/config';
import { ConfigError } from '../../domain/errors';
import { PRODUCTION_ENV } from '../support/environments';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('platform config', () => {
  it('defaults to this machine: local Postgres, RabbitMQ, Temporal and the design ports', () => {
    const config = loadConfig({});
    expect(config.databases).toEqual({
      auth: 'authservice',
      workflow: 'workflowmanagement',
      ticket: 'ticketmanagement',
      messaging: 'messagingservice',
      notification: 'notificationservice',
    });
    expect(config.http.ticket).toEqual({
      port: 8004,
      url: 'http://127.0.0.1:8004',
      publicUrl: 'http://127.0.0.1:8004',
    });
    expect(config.web).toEqual({ port: 5173, url: 'http://localhost:5173' });
    expect(config.temporal.address).toBe('127.0.0.1:7233');
  });

  it('names every invalid variable', () => {
    expect(problemsOf({ PGPORT: 'five', AMQP_URL: 'http://x', NODE_ENV: 'prod' })).toEqual([
      expect.stringContaining('NODE_ENV'),
      expect.stringContaining('PGPORT'),
      expect.stringContaining('AMQP_URL'),
    ]);
  });

  it('refuses default credentials in production and says which', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('CORS_ORIGINS'),
      expect.stringContaining('SERVICE_API_KEY'),
      expect.stringContaining('PGPASSWORD'),
      expect.stringContaining('AMQP_URL'),
      expect.stringContaining('SMTP_HOST'),
      expect.stringContaining('METRICS_TOKEN'),
      expect.stringContaining('TEMPORAL_TLS_CLIENT_CERT_PATH'),
    ]);
    expect(problemsOf({ ...PRODUCTION_ENV, LOG_LEVEL: 'debug' })).toEqual([
      expect.stringContaining('LOG_LEVEL'),
    ]);
    expect(problemsOf(PRODUCTION_ENV)).toEqual([]);
  });

  it('reaches Temporal over mTLS in production and keeps development open', () => {
    expect(loadConfig({}).temporal.tls).toBeUndefined();
    expect(loadConfig(PRODUCTION_ENV).temporal.tls).toEqual({
      clientCertPath: '/etc/helpdesk/temporal-tls/tls.crt',
      clientKeyPath: '/etc/helpdesk/temporal-tls/tls.key',
      serverCaCertPath: '/etc/helpdesk/temporal-tls/ca.crt',
    });
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/x.pem' })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CLIENT_CERT_PATH: a client certificate needs its key/),
    ]);
  });

  it('keeps /metrics open in development, needs a long token where it is set', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig(PRODUCTION_ENV).metricsToken).toBe('prod-metrics-token-0123456789');
    expect(problemsOf({ ...PRODUCTION_ENV, METRICS_TOKEN: undefined })).toEqual([
      expect.stringMatching(/^METRICS_TOKEN: /),
    ]);
    expect(problemsOf({ ...PRODUCTION_ENV, METRICS_TOKEN: 'short' })).toEqual([
      expect.stringMatching(/^METRICS_TOKEN: at least 24/),
    ]);
  });

  it('holds staging to the allow-list and secrets, but lets it use the mail sink', () => {
    expect(problemsOf({ NODE_ENV: 'staging' })).toEqual([
      expect.stringContaining('CORS_ORIGINS'),
      expect.stringContaining('SERVICE_API_KEY'),
    ]);
    const staging = loadConfig({
      NODE_ENV: 'staging',
      CORS_ORIGINS: 'https://helpdesk-staging.example.com',
      SERVICE_API_KEY: 'staging-service-key-0123456789',
    });
    expect(staging).toMatchObject({
      secureCookies: true,
      logLevel: 'info',
      corsOrigins: ['https://helpdesk-staging.example.com'],
    });
    expect(loadConfig({})).toMatchObject({ secureCookies: false, corsOrigins: ['*'] });
  });

  it('opens self-registration only in development and tests unless configured', () => {
    const staging = {
      NODE_ENV: 'staging',
      CORS_ORIGINS: 'https://helpdesk-staging.example.com',
      SERVICE_API_KEY: 'staging-service-key-0123456789',
    };
    expect(loadConfig({}).auth.selfRegistration).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).auth.selfRegistration).toBe(true);
    expect(loadConfig(staging).auth.selfRegistration).toBe(false);
    expect(loadConfig({ ...staging, AUTH_SELF_REGISTRATION: 'true' }).auth.selfRegistration).toBe(
      true,
    );
    expect(loadConfig({ AUTH_SELF_REGISTRATION: 'false' }).auth.selfRegistration).toBe(false);
  });

  it('reads the auth abuse limits and their defaults', () => {
    expect(loadConfig({}).auth).toMatchObject({
      loginMaxFailures: 5,
      loginMaxFailuresPerAddress: 50,
      loginAlertAfterFailures: 1,
      loginWindowSeconds: 900,
      mail: { maxPerRecipient: 3, maxRequestsPerAddress: 20, windowSeconds: 3600 },
      otp: { ttlSeconds: 600, maxAttempts: 5, resendSeconds: 30, maxSends: 3 },
    });
    expect(
      loadConfig({ AUTH_MAIL_MAX_PER_RECIPIENT: '1', AUTH_MAIL_WINDOW_SECONDS: '60' }).auth.mail,
    ).toEqual({ maxPerRecipient: 1, maxRequestsPerAddress: 20, windowSeconds: 60 });
    expect(() => loadConfig({ AUTH_MAIL_MAX_PER_RECIPIENT: '0' })).toThrow(
      /AUTH_MAIL_MAX_PER_RECIPIENT/,
    );
  });

  it('believes X-Forwarded-For from loopback proxies unless told which others, never from anyone', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, fd00::/8,192.0.2.7' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
    for (const bad of ['true', '*', '1', '10.0.0.0/33', 'loopback,everyone'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });
});
