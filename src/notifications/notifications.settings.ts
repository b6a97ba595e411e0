import type { HostResolver } from './delivery/outbound-http';
import { DEFAULT_RETRY, RetrySettings } from './delivery/retry-policy';

/** Options of outbound webhooks (SigningModule option `outboundWebhooks`; docs/outbound-webhooks.md). */
export interface OutboundWebhooksOptions {
  /** Hosts that may be called over plain http (loopback is allowed too in sandbox mode). */
  allowHttpHosts?: string[];
  /** Hosts that may resolve to loopback, private or link-local addresses. */
  allowedHosts?: string[];
  /** First retry delay, doubling (default 5 s). */
  retryBaseMs?: number;
  /** Attempts go on for this long after the message (default 72 h). */
  retryWindowMs?: number;
  /** An endpoint is disabled after this many failed attempts in a row (default 50). */
  disableAfterFailures?: number;
  /** How long a rotated secret keeps signing (default 24 h). */
  secretOverlapSeconds?: number;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** Deliveries this instance runs at once (default 10); at most 2 per endpoint. */
  concurrency?: number;
  /** Tests only: name resolution for outbound calls. */
  resolve?: HostResolver;
}

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
  resolve?: HostResolver;
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
