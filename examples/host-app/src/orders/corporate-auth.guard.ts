import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The host's own authentication, on the host's own routes only. The signing module's routes
 * (`/v1`, `/webhooks/arqsign`) authenticate on their own (API key, HMAC).
 */
@Injectable()
export class CorporateAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const headers = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>().headers;
    if (headers['x-corporate-token'] !== process.env.CORPORATE_TOKEN) throw new UnauthorizedException();
    return true;
  }
}
