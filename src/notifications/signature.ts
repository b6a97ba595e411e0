import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (docs/outbound-webhooks.md#verifying): the secret is `whsec_` + Base64
 * of 32 random bytes; the signature is `v1,` + Base64(HMAC-SHA256(secret bytes,
 * `${id}.${timestamp}.${body}`)). Several signatures are separated by spaces (a rotated secret
 * signs alongside the new one during its overlap).
 */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signatureOf(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signedHeaders(secrets: readonly string[], messageId: string, body: string, now = new Date()): SignedHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signatureOf(secret, messageId, timestamp, body)).join(' '),
  };
}
