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
    const stop = this.metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      this.metrics.httpRequests.inc(labels);
      stop(labels);
    });
    next();
  }
}

function routeOf(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route?.path;
  if (typeof route !== 'string') return 'unmatched';
  return `${req.baseUrl ?? ''}${route}` || '/';
}
