import { createHmac } from 'node:crypto';

/**
 * The `HMAC` header (docs/arqsign.md#hmac-signature): Base64 of the raw HMAC-SHA256 digest of the exact body bytes,
 * keyed with the configuration's secret as UTF-8. Vector: secret `example-hmac-secret`, body
 * `{"Evento":"ProcessoConcluido","IdEvento":8}` → `x41WnImD9ldIjZRWpMuwS/99DSnehdJ5U1iF1Z4XUyE=`.
 */
export function signWebhookBody(secret: string, body: string | Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('base64');
}
