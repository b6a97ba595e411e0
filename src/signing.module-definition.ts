import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ApiKeyEntry } from './auth/api-keys';
import type { LookupAddress } from 'node:dns';

export type StorageOptions =
  | { driver: 'local'; directory: string }
  | { driver: 's3'; bucket: string; endpoint?: string; region?: string };

/** ArqSIGN's windows per account (docs/rate-limits.md); unset per-minute/per-hour windows are not enforced. */
/** Options of outbound webhooks (SigningModule option `outboundWebhooks`; docs/outbound-webhooks.md). */
export interface OutboundWebhooksOptions {
  /** Hosts that may be called over plain http (loopback is allowed too in sandbox mode). */
  allowHttpHosts?: string[];
  /** Hosts that may resolve to loopback, private or link-local addresses. */
  allowedHosts?: string[];
  /** First retry delay, doubling (default 5 s; defaults: SIGNING_DEFAULTS.outboundWebhooks). */
  retryBaseMs?: number;
  /** Attempts go on for this long after the message (default 72 h). */
  retryWindowMs?: number;
  /** An endpoint is disabled after this many failed attempts in a row (default 50). */
  disableAfterFailures?: number;
  /** How long a rotated secret keeps signing (default 24 h). */
  secretOverlapSeconds?: number;
  /** Default 5 s. */
  connectTimeoutMs?: number;
  /** Default 15 s. */
  responseTimeoutMs?: number;
  /** Deliveries this instance runs at once (default 10); at most 2 per endpoint. */
  concurrency?: number;
  /** Tests only: name resolution for outbound calls. */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

export interface ArqsignRateLimits {
  perSecond?: number;
  perMinute?: number;
  perHour?: number;
  /** Longest a call waits for its slot before the work is rescheduled. Default 30 000 ms. */
  maxWaitMs?: number;
}

/** What a host app (or the standalone AppModule) gives SigningModule. */
export interface SigningModuleOptions {
  /** API clients of the REST API: `clientName` owns the processes it creates. */
  apiKeys: ApiKeyEntry[];
  /** Clients allowed on /v1/admin; undefined = the only client if there is one, else nobody. */
  adminClients?: string[];
  /** True when ArqSIGN is the built-in simulator. */
  sandbox?: boolean;
  arqsign: {
    baseUrl: string;
    appKey: string;
    subscriptionKey: string;
    responsibleId?: string;
    folderId?: string;
    accountId?: string;
    timeoutMs?: number;
    /** ArqSIGN's per-account windows, shared by every instance (default 4/s; per minute/hour per plan). */
    rateLimits?: ArqsignRateLimits;
  };
  /**
   * `maxBodyBytes`: one delivery's cap (default 150 MiB); `inFlightBudgetBytes`: all deliveries
   * being read or held at once (default 256 MiB, at least `maxBodyBytes`).
   */
  webhooks?: { secrets?: string[]; maxBodyBytes?: number; inFlightBudgetBytes?: number };
  /** Our externally reachable URL, used when provisioning ArqSIGN webhooks. */
  publicBaseUrl: string;
  downloadAllowedHosts?: string[];
  storage: StorageOptions;
  archiveMaxAttempts?: number;
  autoResendOnDeliveryFailure?: boolean;
  autoRenewOnExpiryMax?: number;
  reconcile?: { intervalS?: number; staleAfterS?: number };
  /** Caps on decoded PDF bytes at create: per process (default 70 MB) and per file (default = per process). */
  sendLimits?: { maxProcessBytes?: number; maxFileBytes?: number };
  /** Outbound webhooks to the clients' endpoints (docs/outbound-webhooks.md). */
  outboundWebhooks?: OutboundWebhooksOptions;
}

/** Options with every default applied; what the module's providers inject. */
export interface ResolvedSigningOptions extends Required<Omit<SigningModuleOptions, 'adminClients' | 'arqsign' | 'webhooks' | 'reconcile' | 'sendLimits' | 'outboundWebhooks'>> {
  adminClients?: string[];
  outboundWebhooks?: OutboundWebhooksOptions;
  arqsign: SigningModuleOptions['arqsign'] & { timeoutMs: number; rateLimits: ArqsignRateLimits };
  webhooks: { secrets: string[]; maxBodyBytes: number; inFlightBudgetBytes: number };
  reconcile: { intervalS: number; staleAfterS: number };
  sendLimits: { maxProcessBytes: number; maxFileBytes: number };
}

export const SIGNING_MODULE_OPTIONS = Symbol('SIGNING_MODULE_OPTIONS');

export interface SigningModuleExtras {
  /** Mount the REST controllers (default true); a host may serve its own instead. */
  mountControllers: boolean;
  /**
   * Put the module's own body readers for its routes in front of the host's parsers (default true,
   * docs/embedding.md). The standalone app mounts the same readers itself, in its own order.
   */
  ownBodyReaders: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableSigningModule,
  MODULE_OPTIONS_TOKEN: RAW_SIGNING_MODULE_OPTIONS,
  OPTIONS_TYPE: SIGNING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: SIGNING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SigningModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<SigningModuleExtras>({ mountControllers: true, ownBodyReaders: true }, (definition) => definition)
  .build();

const MIB = 1024 * 1024;

/**
 * Every option default, in one place: `resolveSigningOptions` (embedded use) and the service's
 * environment configuration (src/config/app-config.ts) both read them from here.
 */
export const SIGNING_DEFAULTS = {
  arqsignTimeoutMs: 30000,
  /** ArqSIGN calls per second when no rate limit is configured (ARQSIGN_RATE_LIMITS `4/s`). */
  arqsignRatePerSecond: 4,
  /** Longest a call waits for its rate-limit slot before the work is rescheduled. */
  arqsignRateMaxWaitMs: 30_000,
  webhookMaxBodyBytes: 150 * MIB,
  webhookInFlightBudgetBytes: 256 * MIB,
  downloadAllowedHosts: ['.arqsign.com'] as readonly string[],
  archiveMaxAttempts: 5,
  autoResendOnDeliveryFailure: true,
  autoRenewOnExpiryMax: 1,
  reconcileIntervalS: 3600,
  reconcileStaleAfterS: 21600,
  /** Decoded PDF bytes per process: 70 MB keeps a process under ArqSIGN's 100 MB however it measures it (docs/arqsign-gaps.md#gap-12). */
  maxProcessPdfBytes: 70_000_000,
  /** Outbound webhooks (docs/outbound-webhooks.md); resolved by the notifications module's settings. */
  outboundWebhooks: {
    retryBaseMs: 5_000,
    retryWindowMs: 72 * 3600_000,
    disableAfterFailures: 50,
    secretOverlapSeconds: 24 * 3600,
    connectTimeoutMs: 5_000,
    responseTimeoutMs: 15_000,
    concurrency: 10,
  },
} as const;

/** Validates options once, at module start; a bad option stops the app with a clear message. */
export function resolveSigningOptions(options: SigningModuleOptions): ResolvedSigningOptions {
  const problems: string[] = [];
  if (!options.apiKeys?.length) problems.push('apiKeys: at least one API client is required');
  for (const key of ['baseUrl', 'appKey', 'subscriptionKey'] as const) {
    if (!options.arqsign?.[key]) problems.push(`arqsign.${key}: is required`);
  }
  if (!options.publicBaseUrl) problems.push('publicBaseUrl: is required');
  if (!options.storage?.driver) problems.push('storage.driver: is required');
  if (problems.length) throw new Error(`Invalid SigningModule options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    apiKeys: options.apiKeys,
    adminClients: options.adminClients,
    sandbox: options.sandbox ?? false,
    arqsign: { ...options.arqsign, timeoutMs: options.arqsign.timeoutMs ?? SIGNING_DEFAULTS.arqsignTimeoutMs, rateLimits: options.arqsign.rateLimits ?? {} },
    webhooks: resolveWebhookLimits(options.webhooks),
    publicBaseUrl: options.publicBaseUrl.replace(/\/+$/, ''),
    downloadAllowedHosts: options.downloadAllowedHosts ?? [...SIGNING_DEFAULTS.downloadAllowedHosts],
    storage: options.storage,
    archiveMaxAttempts: options.archiveMaxAttempts ?? SIGNING_DEFAULTS.archiveMaxAttempts,
    autoResendOnDeliveryFailure: options.autoResendOnDeliveryFailure ?? SIGNING_DEFAULTS.autoResendOnDeliveryFailure,
    autoRenewOnExpiryMax: options.autoRenewOnExpiryMax ?? SIGNING_DEFAULTS.autoRenewOnExpiryMax,
    reconcile: {
      intervalS: options.reconcile?.intervalS ?? SIGNING_DEFAULTS.reconcileIntervalS,
      staleAfterS: options.reconcile?.staleAfterS ?? SIGNING_DEFAULTS.reconcileStaleAfterS,
    },
    sendLimits: resolveSendLimits(options.sendLimits),
    outboundWebhooks: options.outboundWebhooks,
  };
}

/** Webhook body limits (docs/hostile-input.md): the budget always fits one maximal delivery. */
function resolveWebhookLimits(webhooks: SigningModuleOptions['webhooks']): ResolvedSigningOptions['webhooks'] {
  const maxBodyBytes = webhooks?.maxBodyBytes ?? SIGNING_DEFAULTS.webhookMaxBodyBytes;
  return {
    secrets: webhooks?.secrets ?? [],
    maxBodyBytes,
    inFlightBudgetBytes: Math.max(webhooks?.inFlightBudgetBytes ?? SIGNING_DEFAULTS.webhookInFlightBudgetBytes, maxBodyBytes),
  };
}

/** PDF size caps, never above ArqSIGN's own 100 MB. */
function resolveSendLimits(limits: SigningModuleOptions['sendLimits']): ResolvedSigningOptions['sendLimits'] {
  const maxProcessBytes = Math.min(limits?.maxProcessBytes ?? SIGNING_DEFAULTS.maxProcessPdfBytes, 100 * MIB);
  return { maxProcessBytes, maxFileBytes: Math.min(limits?.maxFileBytes ?? maxProcessBytes, maxProcessBytes) };
}
