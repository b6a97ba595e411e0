import { SIGNING_DEFAULTS, type OutboundWebhooksOptions } from '../signing.module-definition';
import { DEFAULT_RETRY, RetrySettings } from './delivery/retry-policy';

export type { OutboundWebhooksOptions };

export interface NotificationSettings {
  allowHttpHosts: string[];
  allowedHosts: string[];
  retry: RetrySettings;
  disableAfterFailures: number;
  secretOverlapSeconds: number;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  concurrency: number;
  perEndpointConcurrency: number;
  resolve?: OutboundWebhooksOptions['resolve'];
}

export const NOTIFICATION_SETTINGS = Symbol('NOTIFICATION_SETTINGS');

/** The outbound options with their defaults (SIGNING_DEFAULTS.outboundWebhooks, with every other option default). */
export function resolveNotificationSettings(options: OutboundWebhooksOptions = {}): NotificationSettings {
  const D = SIGNING_DEFAULTS.outboundWebhooks;
  return {
    allowHttpHosts: options.allowHttpHosts ?? [],
    allowedHosts: options.allowedHosts ?? [],
    retry: { ...DEFAULT_RETRY, baseDelayMs: options.retryBaseMs ?? D.retryBaseMs, windowMs: options.retryWindowMs ?? D.retryWindowMs },
    disableAfterFailures: options.disableAfterFailures ?? D.disableAfterFailures,
    secretOverlapSeconds: options.secretOverlapSeconds ?? D.secretOverlapSeconds,
    connectTimeoutMs: options.connectTimeoutMs ?? D.connectTimeoutMs,
    responseTimeoutMs: options.responseTimeoutMs ?? D.responseTimeoutMs,
    concurrency: options.concurrency ?? D.concurrency,
    perEndpointConcurrency: 2,
    resolve: options.resolve,
  };
}
