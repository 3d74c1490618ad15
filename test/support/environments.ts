/** An environment production accepts: every secret set, nothing a laptop default. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  PGPASSWORD: 's3cret',
  AMQP_URL: 'amqp://app:pw@mq:5672',
  CORS_ORIGINS: 'https://helpdesk.example.com',
  SERVICE_API_KEY: 'prod-service-key-0123456789abcdef',
  SMTP_HOST: 'smtp.example.com',
  SMTP_PORT: '587',
  METRICS_TOKEN: 'prod-metrics-token-0123456789',
  TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/helpdesk/temporal-tls/tls.crt',
  TEMPORAL_TLS_CLIENT_KEY_PATH: '/etc/helpdesk/temporal-tls/tls.key',
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/helpdesk/temporal-tls/ca.crt',
};
