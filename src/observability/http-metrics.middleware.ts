import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * Counts and times every request when its response finishes. The route label is the matched
 * route pattern (`/v1/processes/:id`), never the raw URL, so ids don't explode the label set.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    // The standalone app also mounts this first (bootstrap.ts), so requests refused before
    // routing are counted: once per request.
    if ((req as { metricsAttached?: boolean }).metricsAttached) return next();
    (req as { metricsAttached?: boolean }).metricsAttached = true;
    const stop = this.metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      this.metrics.httpRequests.inc(labels);
      stop(labels);
    });
    next();
  }
}

/** Refused before routing (body limits, API key): labelled by the mount pattern, never the URL. */
const PREFIX_ROUTES = ['/v1/*path', '/webhooks/arqsign/*path'];

function routeOf(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route?.path;
  if (typeof route !== 'string') {
    const path = (req.originalUrl ?? '').split('?')[0];
    return PREFIX_ROUTES.find((pattern) => {
      const base = pattern.slice(0, -'/*path'.length);
      return path === base || path.startsWith(`${base}/`);
    }) ?? 'unmatched';
  }
  return `${req.baseUrl ?? ''}${route}` || '/';
}
