import { ExecutionContext, Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { InMemoryWebhookConfigStore } from '../../arqsign-client/provisioning/testing/in-memory-webhook-config.store';
import { WebhookConfigStore } from '../../arqsign-client/provisioning/webhook-config.store';
import { resolveSigningOptions } from '../../signing.module-definition';
import { WebhookSignatureVerifier } from '../signature/webhook-secrets';
import { WebhookMetrics } from '../webhook-metrics';
import { WebhookInboxUnavailableError, WebhookRawBodyMissingError, WebhookSignatureInvalidError } from '../webhooks.errors';
import { HmacSignatureGuard } from './hmac-signature.guard';
import type { WebhookRequest } from './webhook-request';

const BODY = Buffer.from('{"Evento":"ProcessoConcluido","IdEvento":8}', 'utf8');
const VECTOR = 'x41WnImD9ldIjZRWpMuwS/99DSnehdJ5U1iF1Z4XUyE=';

function options(secrets: string[]) {
  return resolveSigningOptions({
    apiKeys: [{ clientName: 'erp', key: 'k' }],
    arqsign: { baseUrl: 'http://127.0.0.1:1', appKey: 'a', subscriptionKey: 's' },
    webhooks: { secrets },
    publicBaseUrl: 'http://localhost:3000',
    storage: { driver: 'local', directory: '/tmp' },
  });
}

function guardWith(envSecrets: string[], store: WebhookConfigStore = new InMemoryWebhookConfigStore()) {
  const metrics = new WebhookMetrics(new Registry(), async () => ({}));
  return { guard: new HmacSignatureGuard(new WebhookSignatureVerifier(options(envSecrets), store), metrics), metrics };
}

function context(request: Partial<WebhookRequest>): { ctx: ExecutionContext; request: WebhookRequest } {
  const req = { headers: {}, ...request } as WebhookRequest;
  return { ctx: { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext, request: req };
}

describe('HmacSignatureGuard', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('accepts the documented test vector with a configured secret and records which one matched', async () => {
    const { guard } = guardWith(['other', 'example-hmac-secret']);
    const { ctx, request } = context({ rawBody: BODY, headers: { hmac: VECTOR } });
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(request.webhookSignature).toEqual({ valid: true, matchedSecret: 'env#1', encoding: 'base64' });
  });

  it('accepts a secret stored by provisioning', async () => {
    const store = new InMemoryWebhookConfigStore();
    await store.save({ kind: 'tracking', name: 't', arqsignId: '7d9e8f10-5555-4c6d-8e7f-000000000501', url: 'u', hmacSecret: 'example-hmac-secret', provisionedAt: new Date() });
    const { guard } = guardWith([], store);
    const { ctx, request } = context({ rawBody: BODY, headers: { hmac: VECTOR } });
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(request.webhookSignature).toMatchObject({ valid: true, matchedSecret: 'stored#0' });
  });

  it.each([
    ['no header', {}],
    ['a wrong signature', { hmac: 'AAAAnImD9ldIjZRWpMuwS/99DSnehdJ5U1iF1Z4XUyE=' }],
    ['a header of another length', { hmac: 'c2hvcnQ=' }],
    ['a very long header', { hmac: 'x'.repeat(10_000) }],
  ])('rejects %s with a 400 error (never false → 403), counting it', async (_what, headers) => {
    const { guard, metrics } = guardWith(['example-hmac-secret']);
    const { ctx } = context({ rawBody: BODY, headers });
    await expect(guard.canActivate(ctx)).rejects.toBeInstanceOf(WebhookSignatureInvalidError);
    expect((await metrics.requests.get()).values).toEqual([{ labels: { outcome: 'bad_signature' }, value: 1 }]);
    expect(new WebhookSignatureInvalidError().kind).toBe('invalid_input');
  });

  it('a missing raw body is a server misconfiguration (503), not a bad signature', async () => {
    const { guard } = guardWith(['example-hmac-secret']);
    await expect(guard.canActivate(context({ headers: { hmac: VECTOR } }).ctx)).rejects.toBeInstanceOf(WebhookRawBodyMissingError);
  });

  it('stored secrets unreadable (database down) and no configured secret matching → 503, not 400', async () => {
    const broken = new InMemoryWebhookConfigStore();
    broken.hmacSecrets = () => Promise.reject(new Error('connection refused'));
    const { guard } = guardWith(['unrelated'], broken);
    await expect(guard.canActivate(context({ rawBody: BODY, headers: { hmac: VECTOR } }).ctx)).rejects.toBeInstanceOf(WebhookInboxUnavailableError);
    // A configured secret is checked first: no database needed.
    const { guard: envGuard } = guardWith(['example-hmac-secret'], broken);
    await expect(envGuard.canActivate(context({ rawBody: BODY, headers: { hmac: VECTOR } }).ctx)).resolves.toBe(true);
  });
});
