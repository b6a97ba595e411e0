import { loadFixture } from '../../arqsign-client/testing/fixtures';
import { recase } from '../../arqsign-client/testing/recase';

/** The synthetic ArqSIGN webhook examples (arqsign/examples). */
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
  return loadFixture(name) as Record<string, any>;
}

/** The manual's spelling: first letter lower case, at every depth. */
export function camelize(value: unknown): unknown {
  return recase(value, 'camel');
}

/** ArqSIGN's observed spelling: first letter upper case, at every depth. */
export function pascalize(value: unknown): unknown {
  return recase(value, 'pascal');
}

export function bytes(json: unknown): Buffer {
  return Buffer.from(JSON.stringify(json), 'utf8');
}
