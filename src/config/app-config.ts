import { parseRateLimits } from '../arqsign-client';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { resolve } from 'node:path';
import { ApiKeyEntry, parseApiKeys } from '../auth/api-keys';
import { SIGNING_DEFAULTS as D } from '../signing.module-definition';
import { EnvironmentVariables } from './env.schema';

export const SANDBOX_API_KEY: ApiKeyEntry = { clientName: 'sandbox', key: 'sandbox-key' };

/** The standalone service's configuration, validated and with every default applied. */
export interface AppConfig {
  port: number;
  dataDir: string;
  logLevel: string;
  /** Forced log format; undefined: human-readable on a terminal, JSON otherwise. */
  logFormat?: 'pretty' | 'json';
  /** Undefined: start the embedded PostgreSQL under `dataDir/postgres`. */
  databaseUrl?: string;
  embeddedPostgresPort: number;
  /** Sandbox mode: no ARQSIGN_BASE_URL, the built-in simulator plays ArqSIGN. */
  sandbox: boolean;
  sandboxPort: number;
  apiKeys: ApiKeyEntry[];
  usingSandboxApiKey: boolean;
  /** Undefined: the only API client may use /v1/admin; with several, nobody (auth/admin-clients.ts). */
  adminClients?: string[];
  arqsign: {
    /** Undefined in sandbox mode until the simulator has started. */
    baseUrl?: string;
    appKey?: string;
    subscriptionKey?: string;
    responsibleId?: string;
    folderId?: string;
    accountId?: string;
    timeoutMs: number;
    rateLimits: { perSecond: number; perMinute?: number; perHour?: number };
  };
  webhookSecrets: string[];
  webhookMaxBodyBytes: number;
  /** All webhook bodies being read or held at once; at least webhookMaxBodyBytes. */
  webhookInFlightBudgetBytes: number;
  publicBaseUrl: string;
  downloadAllowedHosts: string[];
  storage: { driver: 'local'; directory: string } | { driver: 's3'; bucket: string; endpoint?: string; region?: string };
  archiveMaxAttempts: number;
  autoResendOnDeliveryFailure: boolean;
  autoRenewOnExpiryMax: number;
  reconcileIntervalS: number;
  reconcileStaleAfterS: number;
  /** Unset numbers stay unset: the notifications module applies SIGNING_DEFAULTS.outboundWebhooks. */
  outboundWebhooks: { allowHttpHosts: string[]; allowedHosts: string[]; retryBaseMs?: number; disableAfterFailures?: number; secretOverlapSeconds?: number };
  sendLimits: { maxProcessBytes: number; maxFileBytes: number };
}

/** Raised when the environment is invalid; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const list = (value?: string) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const MIB = 1024 * 1024;

/**
 * Reads and validates the environment (docs/behaviour.md#configuration). Throws ConfigError naming each bad
 * variable; never includes a secret's value in the message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, { ...env });
  const problems = flatten(validateSync(vars, { forbidUnknownValues: false }));

  const sandbox = vars.ARQSIGN_BASE_URL === undefined;
  let apiKeys: ApiKeyEntry[] = [];
  if (vars.API_KEYS !== undefined) {
    const parsed = parseApiKeys(vars.API_KEYS);
    problems.push(...parsed.problems.map((p) => `API_KEYS: ${p}`));
    apiKeys = parsed.entries;
  } else if (!sandbox) {
    problems.push('API_KEYS: is required outside sandbox mode (comma-separated clientName:key pairs)');
  }
  let rateLimits: AppConfig['arqsign']['rateLimits'] = { perSecond: D.arqsignRatePerSecond };
  try {
    rateLimits = parseRateLimits(vars.ARQSIGN_RATE_LIMITS);
  } catch (error) {
    problems.push(`ARQSIGN_RATE_LIMITS: ${(error as Error).message}`);
  }
  if (problems.length) throw new ConfigError(problems);

  const port = vars.PORT ?? 3000;
  const sandboxPort = vars.SANDBOX_PORT ?? 3999;
  const dataDir = resolve(vars.DATA_DIR ?? './.data');
  const usingSandboxApiKey = sandbox && apiKeys.length === 0;
  if (usingSandboxApiKey) apiKeys = [SANDBOX_API_KEY];

  const downloadAllowedHosts = vars.DOWNLOAD_ALLOWED_HOSTS !== undefined
    ? list(vars.DOWNLOAD_ALLOWED_HOSTS)
    : [...D.downloadAllowedHosts, ...(sandbox ? [] : [hostPort(vars.ARQSIGN_BASE_URL!)])]; // sandbox: the simulator is added once it runs

  return {
    port,
    dataDir,
    logLevel: vars.LOG_LEVEL ?? 'info',
    logFormat: vars.LOG_FORMAT,
    databaseUrl: vars.DATABASE_URL,
    embeddedPostgresPort: vars.EMBEDDED_POSTGRES_PORT ?? 54329,
    sandbox,
    sandboxPort,
    apiKeys,
    usingSandboxApiKey,
    adminClients: vars.ADMIN_CLIENTS !== undefined ? list(vars.ADMIN_CLIENTS) : undefined,
    arqsign: {
      baseUrl: vars.ARQSIGN_BASE_URL?.replace(/\/+$/, ''),
      appKey: vars.ARQSIGN_APP_KEY,
      subscriptionKey: vars.ARQSIGN_SUBSCRIPTION_KEY,
      responsibleId: vars.ARQSIGN_RESPONSIBLE_ID,
      folderId: vars.ARQSIGN_FOLDER_ID,
      accountId: vars.ARQSIGN_ACCOUNT_ID,
      timeoutMs: vars.ARQSIGN_TIMEOUT_MS ?? D.arqsignTimeoutMs,
      rateLimits,
    },
    webhookSecrets: list(vars.ARQSIGN_WEBHOOK_SECRETS),
    webhookMaxBodyBytes: vars.WEBHOOK_MAX_BODY_MB !== undefined ? vars.WEBHOOK_MAX_BODY_MB * MIB : D.webhookMaxBodyBytes,
    webhookInFlightBudgetBytes: Math.max(
      vars.WEBHOOK_INFLIGHT_BUDGET_MB !== undefined ? vars.WEBHOOK_INFLIGHT_BUDGET_MB * MIB : D.webhookInFlightBudgetBytes,
      vars.WEBHOOK_MAX_BODY_MB !== undefined ? vars.WEBHOOK_MAX_BODY_MB * MIB : D.webhookMaxBodyBytes,
    ),
    publicBaseUrl: (vars.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    downloadAllowedHosts,
    storage:
      vars.STORAGE_DRIVER === 's3'
        ? { driver: 's3', bucket: vars.S3_BUCKET!, endpoint: vars.S3_ENDPOINT, region: vars.S3_REGION }
        : { driver: 'local', directory: resolve(dataDir, 'files') },
    archiveMaxAttempts: vars.ARCHIVE_MAX_ATTEMPTS ?? D.archiveMaxAttempts,
    autoResendOnDeliveryFailure: vars.AUTO_RESEND_ON_DELIVERY_FAILURE ?? D.autoResendOnDeliveryFailure,
    autoRenewOnExpiryMax: vars.AUTO_RENEW_ON_EXPIRY_MAX ?? D.autoRenewOnExpiryMax,
    reconcileIntervalS: vars.RECONCILE_INTERVAL_S ?? D.reconcileIntervalS,
    reconcileStaleAfterS: vars.RECONCILE_STALE_AFTER_S ?? D.reconcileStaleAfterS,
    sendLimits: {
      maxProcessBytes: vars.MAX_PROCESS_PDF_MB !== undefined ? vars.MAX_PROCESS_PDF_MB * 1_000_000 : D.maxProcessPdfBytes,
      maxFileBytes: (vars.MAX_PDF_FILE_MB ?? vars.MAX_PROCESS_PDF_MB ?? D.maxProcessPdfBytes / 1_000_000) * 1_000_000,
    },
    outboundWebhooks: {
      allowHttpHosts: list(vars.OUTBOUND_ALLOW_HTTP_HOSTS),
      allowedHosts: list(vars.OUTBOUND_ALLOWED_HOSTS),
      retryBaseMs: vars.OUTBOUND_RETRY_BASE_MS,
      disableAfterFailures: vars.OUTBOUND_DISABLE_AFTER_FAILURES,
      secretOverlapSeconds: vars.OUTBOUND_SECRET_OVERLAP_S,
    },
  };
}

/** One line per failed constraint, naming the variable, without its value. */
function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((text) => `${error.property}: ${text.replace(new RegExp(`^${error.property} `), '')}`),
  );
}

function hostPort(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return `${parsed.hostname}:${port}`;
}
