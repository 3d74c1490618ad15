import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../../../domain/errors';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Guards /metrics where it must not be public (METRICS_TOKEN, required in production): only a
 * request with `Authorization: Bearer <token>` gets through, anything else is a 401. Compared as
 * digests in constant time, so neither the token's length nor its prefix leaks.
 */
export function requireMetricsToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    next(new UnauthorizedError('metrics need the bearer token Prometheus is configured with'));
  };
}
