import { ArgumentsHost, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiKeyMiddleware } from './auth/api-key.middleware';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from './signing.module-definition';
import { WebhookBodyReader, WEBHOOK_PATH } from './webhooks';
import { apiBodyReader } from './shared/http/api-body';
import { ApiErrorFilter } from './shared/http/api-error.filter';

interface RouterStack {
  stack: unknown[];
}

/**
 * The module's own body readers inside a host app (docs/embedding.md#what-the-module-registers-itself).
 *
 * A host's app-wide parsers (Nest's default JSON parser, 100 kB, with or without `rawBody`, or its
 * own `app.use(json())`) run before any module middleware, so they would read the webhook body
 * without keeping its bytes (HMAC impossible) and refuse a large create (413). At start this puts,
 * in front of everything the host mounted, and only for our paths:
 * - `/webhooks/arqsign`: the raw, capped, budgeted reader of the standalone app;
 * - `/v1`: the API-key check, then the route-scoped JSON reader (150 MiB on create, 1 MiB elsewhere).
 * A body read here is complete, so the host's parsers skip it. Refusals are answered here in
 * our error format (the host's exception handler never sees them).
 */
@Injectable()
export class ModuleBodyReaders implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
    private readonly webhookBodies: WebhookBodyReader,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // an application context without HTTP
    if (adapter.getType() !== 'express') {
      throw new Error(`SigningModule needs @nestjs/platform-express (this app uses "${adapter.getType()}"): its webhook receiver must read raw request bytes`);
    }
    const app = adapter.getInstance<Express>();
    const router = (app as unknown as { router: RouterStack }).router;
    if (!Array.isArray(router?.stack)) throw new Error('SigningModule: unsupported Express version (needs Express 5, as @nestjs/platform-express 11 ships)');
    const apiKeys = new ApiKeyMiddleware(this.options);
    const readApiBody = apiBodyReader();
    const before = router.stack.length;
    app.use(`/${WEBHOOK_PATH}`, answeringErrors(this.webhookBodies.handler));
    app.use('/v1', answeringErrors((req, res, next) => apiKeys.use(req, res, (error?: unknown) => (error ? next(error) : readApiBody(req, res, next)))));
    router.stack.unshift(...router.stack.splice(before));
  }
}

const errors = new ApiErrorFilter();

/** Runs `handler`; an error it reports is answered at once, as the module's routes answer errors. */
function answeringErrors(handler: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void handler(req, res, (error?: unknown) => {
      if (error === undefined || error === 'route' || error === 'router') return next(error);
      const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
      errors.catch(error, host);
    });
  };
}
