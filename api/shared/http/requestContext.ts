import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withRequestId } from '../../../infra/context/requestId';
import type { Logger } from '../../../infra/logging/logger';
import type { Metrics } from '../../../infra/metrics/metrics';

const REQUEST_ID = /^[\x21-\x7e]{1,100}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller's x-request-id (when well-formed) or a new one; echoed on the response. */
    requestId: string;
  }
}

/**
 * Request id in and out, one access log line and the latency histogram per request, labelled by
 * the matched route pattern (never the raw path, so ids do not explode the label set).
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pattern = (req.route as { path?: string | string[] } | undefined)?.path;
      const route =
        pattern === undefined ? 'unmatched' : `${req.baseUrl}${[pattern].flat().join('|')}`;
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpDuration.observe(labels, seconds);
      if (res.statusCode >= 400) metrics.httpErrors.inc(labels);
      // Services' successful reads of each other (the revocation poll runs every second) are debug.
      const routine =
        res.statusCode < 400 && req.method === 'GET' && route.startsWith('/internal/');
      logger[routine ? 'debug' : 'info'](
        { requestId: req.requestId, ...labels, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    withRequestId(req.requestId, next);
  };
}
