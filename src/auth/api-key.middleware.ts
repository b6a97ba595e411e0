import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import type { NextFunction, Request, Response } from 'express';
import { SIGNING_MODULE_OPTIONS, ResolvedSigningOptions } from '../signing.module-definition';
import { resolveAdminAccess } from './admin-clients';
import { ApiKeyRegistry } from './api-keys';
import { NotAdminError, UnauthenticatedError } from './auth.errors';

export interface AuthenticatedRequest extends Request {
  apiClient?: { clientName: string; isAdmin: boolean };
}

/**
 * Authenticates every `/v1` request (known route or not) by API key: `Authorization: Bearer <key>`
 * or `X-Api-Key: <key>`. Webhooks, health, metrics and docs live outside `/v1`.
 */
@Injectable()
export class ApiKeyMiddleware implements NestMiddleware {
  private readonly registry: ApiKeyRegistry;
  private readonly admins: ReadonlySet<string>;

  constructor(@Inject(SIGNING_MODULE_OPTIONS) options: ResolvedSigningOptions) {
    this.registry = new ApiKeyRegistry(options.apiKeys);
    const access = resolveAdminAccess(options.apiKeys, options.adminClients);
    this.admins = access.admins;
    // Said once per configuration, at start (the standalone app builds this middleware twice).
    if (access.notice && !NOTICED.has(options)) {
      NOTICED.add(options);
      new SigningLogger('Auth').warn(access.notice);
    }
  }

  use(req: AuthenticatedRequest, _res: Response, next: NextFunction): void {
    // The standalone app authenticates before reading bodies (bootstrap.ts); once is enough.
    if (req.apiClient) return next();
    const clientName = this.registry.clientFor(presentedKey(req));
    if (!clientName) return next(new UnauthenticatedError());
    req.apiClient = { clientName, isAdmin: this.admins.has(clientName) };
    next();
  }
}

const NOTICED = new WeakSet<object>();

/**
 * The standalone app says the admin notice through its root logger, at start (bootstrap.ts);
 * the middleware then stays quiet about it.
 */
export function takeAdminNotice(options: ResolvedSigningOptions): string | undefined {
  if (NOTICED.has(options)) return undefined;
  NOTICED.add(options);
  return resolveAdminAccess(options.apiKeys, options.adminClients).notice;
}

/** Runs after ApiKeyMiddleware on `/v1/admin`: only ADMIN_CLIENTS pass. */
@Injectable()
export class AdminOnlyMiddleware implements NestMiddleware {
  use(req: AuthenticatedRequest, _res: Response, next: NextFunction): void {
    if (!req.apiClient) return next(new UnauthenticatedError());
    if (!req.apiClient.isAdmin) return next(new NotAdminError());
    next();
  }
}

function presentedKey(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  const header = req.headers['x-api-key'];
  return typeof header === 'string' && header.trim() ? header.trim() : undefined;
}
