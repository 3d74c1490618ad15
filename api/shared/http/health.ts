import { Router } from 'express';
import type { HealthCheck } from '../../../infra/health/checks';

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: HealthCheck): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /health and /api/v1/health/: name, version and each dependency's state; 503 if one is down
 * (readiness: take this instance out of rotation). GET /health/live answers without asking any
 * dependency (liveness: restart only a process that no longer answers, never every instance
 * because Postgres or Temporal is briefly away).
 */
export function healthRouter(
  info: { service: string; version: string },
  checks: Record<string, HealthCheck>,
): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'alive', service: info.service, version: info.version });
  });
  router.get(['/health', '/api/v1/health', '/api/v1/health/'], async (_req, res) => {
    const names = Object.keys(checks);
    const states = await Promise.all(names.map((name) => runCheck(checks[name] as HealthCheck)));
    const result = Object.fromEntries(names.map((name, i) => [name, states[i]]));
    const healthy = states.every((state) => state === 'up');
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'healthy' : 'unhealthy',
      service: info.service,
      version: info.version,
      checks: result,
    });
  });
  return router;
}
