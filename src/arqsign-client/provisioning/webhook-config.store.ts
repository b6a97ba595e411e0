import type { WebhookKind } from './webhook-definitions';

/** A provisioned configuration as stored (the secrets included: internal use only). */
export interface StoredWebhookConfig {
  kind: WebhookKind;
  name: string;
  arqsignId: string;
  url: string;
  hmacSecret: string | null;
  previousHmacSecret: string | null;
  previousSecretUntil: Date | null;
  lastProvisionedAt: Date;
}

/** What provisioning records for one kind. */
export interface WebhookConfigRecord {
  kind: WebhookKind;
  name: string;
  arqsignId: string;
  url: string;
  /** null = not known now: a secret already stored for the same ArqSIGN id is kept. */
  hmacSecret: string | null;
  provisionedAt: Date;
}

/**
 * How long a replaced secret is still accepted: ArqSIGN keeps retrying a delivery for 5 days
 * (docs/arqsign.md#delivery-retries-and-deactivation), and a retry may have been signed before the secret changed.
 */
export const PREVIOUS_SECRET_GRACE_MS = 5 * 24 * 3600 * 1000;

/**
 * Port of the provisioned webhook configurations (PostgreSQL in the app, in memory in unit tests).
 * Also the DI token the webhook receiver injects for `hmacSecrets()`.
 */
export abstract class WebhookConfigStore {
  /**
   * Every HMAC secret an incoming ArqSIGN delivery may be signed with: the current secret of
   * each provisioned configuration, plus a secret replaced less than 5 days ago. Cheap to call per
   * webhook (cached briefly, and dropped at once when this instance provisions). Pass
   * `{ refresh: true }` to bypass the cache, e.g. once before rejecting a delivery whose
   * signature matched none (another instance may just have provisioned).
   */
  abstract hmacSecrets(options?: { refresh?: boolean }): Promise<string[]>;

  /** Every stored configuration (with secrets: never expose them). */
  abstract findAll(): Promise<StoredWebhookConfig[]>;

  /**
   * Records the configuration of a kind. When the ArqSIGN id is unchanged and a different secret
   * is given, the old one is kept as previous secret for PREVIOUS_SECRET_GRACE_MS; when the id
   * changes, the old configuration's secret is kept the same way.
   */
  abstract save(record: WebhookConfigRecord): Promise<StoredWebhookConfig>;

  /**
   * Runs `work` while no other provisioning runs (across instances sharing the database). Rejects
   * with WebhookProvisioningBusyError when the lock can't be had within `waitMs`.
   */
  abstract withProvisioningLock<T>(work: () => Promise<T>, waitMs: number): Promise<T>;
}

/** The record merged into what was stored before (secret rotation rules of `save`). */
export function mergeRecord(previous: StoredWebhookConfig | undefined, record: WebhookConfigRecord): StoredWebhookConfig {
  const sameConfig = previous?.arqsignId.toLowerCase() === record.arqsignId.toLowerCase();
  const hmacSecret = record.hmacSecret ?? (sameConfig ? previous!.hmacSecret : null);
  const replaced = previous?.hmacSecret && previous.hmacSecret !== hmacSecret ? previous.hmacSecret : null;
  const keepOld = !replaced && previous?.previousSecretUntil && previous.previousSecretUntil > record.provisionedAt && previous.previousHmacSecret !== hmacSecret;
  return {
    kind: record.kind,
    name: record.name,
    arqsignId: record.arqsignId.toLowerCase(),
    url: record.url,
    hmacSecret,
    previousHmacSecret: replaced ?? (keepOld ? previous!.previousHmacSecret : null),
    previousSecretUntil: replaced ? new Date(record.provisionedAt.getTime() + PREVIOUS_SECRET_GRACE_MS) : keepOld ? previous!.previousSecretUntil : null,
    lastProvisionedAt: record.provisionedAt,
  };
}

/** The secrets `hmacSecrets()` answers with, given the stored configurations and the time. */
export function acceptedSecrets(configs: StoredWebhookConfig[], now: Date): string[] {
  const secrets = new Set<string>();
  for (const config of configs) {
    if (config.hmacSecret) secrets.add(config.hmacSecret);
    if (config.previousHmacSecret && config.previousSecretUntil && config.previousSecretUntil > now) secrets.add(config.previousHmacSecret);
  }
  return [...secrets];
}
