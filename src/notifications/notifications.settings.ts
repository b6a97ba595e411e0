import type { OutboundWebhooksOptions } from '../signing.module-definition';
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

export function resolveNotificationSettings(options: OutboundWebhooksOptions = {}): NotificationSettings {
  return {
    allowHttpHosts: options.allowHttpHosts ?? [],
    allowedHosts: options.allowedHosts ?? [],
    retry: { ...DEFAULT_RETRY, baseDelayMs: options.retryBaseMs ?? DEFAULT_RETRY.baseDelayMs, windowMs: options.retryWindowMs ?? DEFAULT_RETRY.windowMs },
    disableAfterFailures: options.disableAfterFailures ?? 50,
    secretOverlapSeconds: options.secretOverlapSeconds ?? 24 * 3600,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 15_000,
    concurrency: options.concurrency ?? 10,
    perEndpointConcurrency: 2,
    resolve: options.resolve,
  };
}
