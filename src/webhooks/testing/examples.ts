import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The synthetic ArqSIGN webhook examples (copies of arqsign/examples kept in the repo). */
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'integration', 'sandbox', 'fixtures');

export const WEBHOOK_EXAMPLES = [
  'webhook-sent.json',
  'webhook-delivery-failure.json',
  'webhook-signed-by-one.json',
  'webhook-refused.json',
  'webhook-cancelled.json',
  'webhook-expired.json',
  'webhook-resent.json',
  'webhook-concluded-links.json',
  'webhook-concluded-base64.json',
  'webhook-general-only-camelcase.json',
] as const;

export function webhookExample(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** The manual's spelling: first letter lower case, at every depth. */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelize(v)]));
  }
  return value;
}

/** ArqSIGN's observed spelling: first letter upper case, at every depth. */
export function pascalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalize(v)]));
  }
  return value;
}

export function bytes(json: unknown): Buffer {
  return Buffer.from(JSON.stringify(json), 'utf8');
}
