import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value; // left as is: @IsBoolean reports it
};
const blankToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The environment the standalone service reads (docs/behaviour.md#configuration). Validated once at start;
 * every failure names its variable. Secrets are marked in SECRET_VARIABLES and never echoed.
 */
export class EnvironmentVariables {
  @Transform(toInt) @IsOptional() @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  DATA_DIR?: string;

  @Transform(blankToUndefined) @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  API_KEYS?: string;

  @Transform(blankToUndefined) @IsOptional() @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  ARQSIGN_BASE_URL?: string;

  @Transform(blankToUndefined) @ValidateIf((env: EnvironmentVariables) => env.ARQSIGN_BASE_URL !== undefined)
  @IsString({ message: 'is required when ARQSIGN_BASE_URL is set' })
  ARQSIGN_APP_KEY?: string;

  @Transform(blankToUndefined) @ValidateIf((env: EnvironmentVariables) => env.ARQSIGN_BASE_URL !== undefined)
  @IsString({ message: 'is required when ARQSIGN_BASE_URL is set' })
  ARQSIGN_SUBSCRIPTION_KEY?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  ARQSIGN_RESPONSIBLE_ID?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  ARQSIGN_FOLDER_ID?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  ARQSIGN_ACCOUNT_ID?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  ARQSIGN_WEBHOOK_SECRETS?: string;

  @Transform(blankToUndefined) @IsOptional() @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  DOWNLOAD_ALLOWED_HOSTS?: string;

  /** Outbound webhooks: hosts that may be called over plain http (docs/outbound-webhooks.md#safety). */
  @Transform(blankToUndefined) @IsOptional() @IsString()
  OUTBOUND_ALLOW_HTTP_HOSTS?: string;

  /** Outbound webhooks: hosts that may resolve to private, loopback or link-local addresses. */
  @Transform(blankToUndefined) @IsOptional() @IsString()
  OUTBOUND_ALLOWED_HOSTS?: string;

  @Transform(toInt) @IsOptional() @IsInt() @Min(100) @Max(3600000)
  OUTBOUND_RETRY_BASE_MS?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(100000)
  OUTBOUND_DISABLE_AFTER_FAILURES?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(0) @Max(604800)
  OUTBOUND_SECRET_OVERLAP_S?: number;

  @Transform(blankToUndefined) @IsOptional() @IsIn(['local', 's3'])
  STORAGE_DRIVER?: 'local' | 's3';

  @Transform(blankToUndefined) @ValidateIf((env: EnvironmentVariables) => env.STORAGE_DRIVER === 's3')
  @IsString({ message: 'is required when STORAGE_DRIVER=s3' })
  S3_BUCKET?: string;

  @Transform(blankToUndefined) @IsOptional() @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  S3_REGION?: string;

  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(1024)
  WEBHOOK_MAX_BODY_MB?: number;

  /** Total MiB of webhook bodies read or held at once; full → 503 + Retry-After. */
  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(8192)
  WEBHOOK_INFLIGHT_BUDGET_MB?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(100) @Max(600000)
  ARQSIGN_TIMEOUT_MS?: number;

  /** ArqSIGN's rate-limit windows, e.g. `4/s,80/min,80/h`, or a plan preset (profissional, empresarial, corporativo). */
  @Transform(blankToUndefined) @IsOptional() @IsString()
  ARQSIGN_RATE_LIMITS?: string;

  /** Decoded PDF megabytes (10^6 bytes) one process may carry; ArqSIGN's own cap is 100 MB. */
  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(100)
  MAX_PROCESS_PDF_MB?: number;

  /** Decoded megabytes of one PDF; default = MAX_PROCESS_PDF_MB. */
  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(100)
  MAX_PDF_FILE_MB?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(100)
  ARCHIVE_MAX_ATTEMPTS?: number;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  ADMIN_CLIENTS?: string;

  @Transform(toBool) @IsOptional() @IsBoolean({ message: 'must be true or false' })
  AUTO_RESEND_ON_DELIVERY_FAILURE?: boolean;

  @Transform(toInt) @IsOptional() @IsInt() @Min(0) @Max(100)
  AUTO_RENEW_ON_EXPIRY_MAX?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(1)
  RECONCILE_INTERVAL_S?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(1)
  RECONCILE_STALE_AFTER_S?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(0) @Max(65535)
  SANDBOX_PORT?: number;

  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(65535)
  EMBEDDED_POSTGRES_PORT?: number;

  @Transform(blankToUndefined) @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @Transform(blankToUndefined) @IsOptional() @IsIn(['pretty', 'json'])
  LOG_FORMAT?: 'pretty' | 'json';
}

/** Variables whose values are secrets: never logged, never echoed in an error. */
export const SECRET_VARIABLES = ['API_KEYS', 'ARQSIGN_APP_KEY', 'ARQSIGN_SUBSCRIPTION_KEY', 'ARQSIGN_WEBHOOK_SECRETS', 'DATABASE_URL'] as const;
