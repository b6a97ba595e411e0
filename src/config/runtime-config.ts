import type { SigningModuleOptions } from '../signing.module-definition';
import type { AppConfig } from './app-config';

/**
 * AppConfig once the process has resolved what was left open: the database URL (embedded
 * PostgreSQL started) and, in sandbox mode, ArqSIGN (the simulator started).
 */
export interface RuntimeConfig extends AppConfig {
  databaseUrl: string;
  arqsign: AppConfig['arqsign'] & { baseUrl: string; appKey: string; subscriptionKey: string };
}

/** Secret values to scrub from logs. */
export function secretValues(config: AppConfig): string[] {
  const password = config.databaseUrl ? safePassword(config.databaseUrl) : undefined;
  return [
    ...config.apiKeys.map((entry) => entry.key),
    config.arqsign.appKey,
    config.arqsign.subscriptionKey,
    ...config.webhookSecrets,
    password,
  ].filter((value): value is string => Boolean(value));
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export function toSigningModuleOptions(config: RuntimeConfig): SigningModuleOptions {
  return {
    apiKeys: config.apiKeys,
    adminClients: config.adminClients,
    sandbox: config.sandbox,
    arqsign: config.arqsign,
    webhooks: { secrets: config.webhookSecrets, maxBodyBytes: config.webhookMaxBodyBytes, inFlightBudgetBytes: config.webhookInFlightBudgetBytes },
    publicBaseUrl: config.publicBaseUrl,
    downloadAllowedHosts: config.downloadAllowedHosts,
    storage: config.storage,
    archiveMaxAttempts: config.archiveMaxAttempts,
    autoResendOnDeliveryFailure: config.autoResendOnDeliveryFailure,
    autoRenewOnExpiryMax: config.autoRenewOnExpiryMax,
    reconcile: { intervalS: config.reconcileIntervalS, staleAfterS: config.reconcileStaleAfterS },
    outboundWebhooks: config.outboundWebhooks,
    sendLimits: config.sendLimits,
  };
}
