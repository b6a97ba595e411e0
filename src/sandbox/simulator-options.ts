import { randomBytes, randomUUID } from 'node:crypto';

export interface SimulatorOptions {
  /** 0 = ephemeral; default 3999. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Multiplier on the retry schedule (and the default webhook timeout): 1 = real time; 1/60 → 1 min of schedule = 1 s. */
  timeScale?: number;
  /** Lifetime of download links in seconds of the simulator clock; expired → 403. Default 7 days (docs/arqsign-gaps.md#gap-08). */
  linkTtlSeconds?: number;
  /** How long a webhook delivery waits for the listener. Default 100 000 ms × timeScale, at least 1 000 ms. */
  webhookTimeoutMs?: number;
  /** Webhook key casing. Default 'pascal'. */
  webhookCasing?: 'pascal' | 'camel';
  /** Account "Envios" balance; 0 → the documented insufficient-credits error on send. Default 1000. */
  credits?: number;
  /** WhatsApp message balance. Default 1000. */
  whatsappCredits?: number;
  /** SMS message balance. Default 1000. */
  smsCredits?: number;
  /** Optional per-account limiter (API Corporativo: 4/s, 240/min, 400/h) → 429. Default off. */
  rateLimit?: boolean;
  /** The limiter's windows when `rateLimit` is on (default API Corporativo), e.g. `[{ windowMs: 60000, limit: 2 }]`. */
  rateLimits?: { windowMs: number; limit: number }[];
  /** Optional one-line logger (default: silent). */
  log?: (line: string) => void;
  /** Fix some or all account identifiers/keys (default: random per start). */
  account?: Partial<SimulatorAccount>;
  /** Account status (2.7 `idStatus`): anything but 1 (Ativo) answers 401 on every API call. Default 1. */
  accountStatus?: 1 | 2 | 3 | 4;
  /** Prefix before `/api/...` (docs/arqsign-gaps.md#gap-02), e.g. '/v2'. Default ''. */
  basePath?: string;
  /** Also emit the legacy `Status` key in webhook process sections (docs/arqsign-gaps.md#gap-32). Default false. */
  legacyStatusField?: boolean;
  /** Base of the download links the simulator hands out. Default: the listening URL. */
  publicUrl?: string;
  /** Maximum sum of decoded file sizes per send (3.1.3). Default 100 MB; lower it to exercise the limit cheaply. */
  maxProcessBytes?: number;
  /**
   * Keep the simulator's state (account and keys, processes and their files, webhook
   * configurations, clock) in this file across restarts. Default: in memory only.
   */
  stateFile?: string;
}

export interface SimulatorAccount {
  appKey: string;
  subscriptionKeys: [string, string];
  accountId: string;
  responsibleId: string;
  folderId: string;
}

export interface RunningSimulator {
  url: string;
  port: number;
  account: SimulatorAccount;
  close(): Promise<void>;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  timeScale: number;
  linkTtlSeconds: number;
  webhookTimeoutMs: number;
  webhookCasing: 'pascal' | 'camel';
  credits: number;
  whatsappCredits: number;
  smsCredits: number;
  rateLimit: boolean;
  rateLimits: { windowMs: number; limit: number }[] | undefined;
  log: (line: string) => void;
  account: SimulatorAccount;
  accountStatus: 1 | 2 | 3 | 4;
  basePath: string;
  legacyStatusField: boolean;
  publicUrl?: string;
  maxProcessBytes: number;
  stateFile?: string;
}

const SEVEN_DAYS = 7 * 24 * 3600;

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError('timeScale must be a positive number');
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  return {
    port: options.port ?? 3999,
    host: options.host ?? '127.0.0.1',
    timeScale,
    linkTtlSeconds: options.linkTtlSeconds ?? SEVEN_DAYS,
    webhookTimeoutMs: options.webhookTimeoutMs ?? Math.max(1000, Math.round(100_000 * timeScale)),
    webhookCasing: options.webhookCasing ?? 'pascal',
    credits: options.credits ?? 1000,
    whatsappCredits: options.whatsappCredits ?? 1000,
    smsCredits: options.smsCredits ?? 1000,
    rateLimit: options.rateLimit ?? false,
    rateLimits: options.rateLimits,
    log: options.log ?? (() => undefined),
    account: {
      appKey: options.account?.appKey ?? randomUUID().toUpperCase(),
      subscriptionKeys: options.account?.subscriptionKeys ?? [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')],
      accountId: (options.account?.accountId ?? randomUUID()).toLowerCase(),
      responsibleId: (options.account?.responsibleId ?? randomUUID()).toLowerCase(),
      folderId: (options.account?.folderId ?? randomUUID()).toLowerCase(),
    },
    accountStatus: options.accountStatus ?? 1,
    basePath: basePath && !basePath.startsWith('/') ? `/${basePath}` : basePath,
    legacyStatusField: options.legacyStatusField ?? false,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    maxProcessBytes: options.maxProcessBytes ?? 100 * 1024 * 1024,
    stateFile: options.stateFile,
  };
}
