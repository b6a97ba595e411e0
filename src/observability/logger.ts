import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { assignCorrelationId } from './correlation-id';
import { serializeError } from './safe-error.serializer';

/** Keys whose values are secrets or document contents wherever they appear in a logged object. */
const SECRET_KEYS = /^(authorization|x-api-key|api[-_]?keys?|appkey|subscriptionkey|subscriptionkeys|hmac|chavehmac|secret|secrets|password|passwd|databaseurl|database_url|contentbase64|base64|arquivo|arquivobase64|conteudo)$/i;
/** Long runs of Base64 are document contents: never logged. */
const BASE64_RUN = /[A-Za-z0-9+/]{512,}={0,2}/g;
const REDACTED = '[REDACTED]';

export interface LoggerSettings {
  level: string;
  /** Secret values (API keys, ArqSIGN keys, HMAC secrets, database password) scrubbed from every line. */
  secrets: string[];
  /** Values that look secret but are public by design (the sandbox API key): kept visible. */
  publicValues?: string[];
  destination?: DestinationStream;
  /** `pretty`: human-readable lines (pino-pretty); `json` (default): one JSON object a line. */
  format?: LogFormat;
}

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT wins; otherwise people (a terminal) get pretty lines and machines (a pipe) JSON. */
export function resolveLogFormat(forced: LogFormat | undefined, stream: { isTTY?: boolean } = process.stdout): LogFormat {
  return forced ?? (stream.isTTY ? 'pretty' : 'json');
}

/**
 * The root pino logger: JSON lines, secrets removed twice — by key (any depth) while formatting,
 * and by value on the final line, so a secret that slipped into a message is still caught.
 * In `pretty` format the scrubbed JSON line is then rendered for people (see docs/logging.md).
 */
export function createRootLogger(settings: LoggerSettings): Logger {
  const scrubLine = lineScrubber(settings.secrets.filter((s) => !settings.publicValues?.includes(s)));
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: 'arqsign-bridge' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (object) => scrubObject(object, 0) as Record<string, unknown> },
    hooks: { streamWrite: scrubLine },
    // Errors, at any key and depth, only ever as the safe serializer's shape.
    serializers: { err: serializeError, error: serializeError },
  };
  if (settings.format === 'pretty') return pino(options, prettyStream(settings.destination));
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** Synchronous pino-pretty stream: time, level, message, then the fields that matter. */
function prettyStream(destination?: DestinationStream): DestinationStream {
  // Loaded only when asked for: JSON-only deployments never touch it.
  const build = require('pino-pretty') as typeof import('pino-pretty');
  return build({
    destination: destination ?? 1,
    sync: true,
    colorize: !destination && Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
}

/** nestjs-pino / pino-http options: one line per request, the correlation id on every line. */
export function httpLoggerOptions(logger: Logger): PinoHttpOptions {
  return {
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => assignCorrelationId(req, res),
    customAttributeKeys: { reqId: 'correlationId' },
    quietReqLogger: true,
    quietResLogger: true,
    // Headers and bodies are never logged; only what identifies the request (query strings dropped).
    serializers: { req: () => undefined, res: () => undefined },
    customProps: (req: IncomingMessage) => ({ method: req.method, path: stripQuery(req.url) }),
    customSuccessObject: (_req, res, value: Record<string, unknown>) => ({ ...value, statusCode: res.statusCode }),
    customErrorObject: (_req, res, _error, value: Record<string, unknown>) => ({ ...value, statusCode: res.statusCode }),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health/live' || req.url === '/metrics' },
  };
}

function stripQuery(url?: string): string | undefined {
  return url?.split('?')[0];
}

function scrubObject(value: unknown, depth: number): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return typeof value === 'string' ? value.replace(BASE64_RUN, '[BASE64]') : value;
  if (ArrayBuffer.isView(value)) return `[binary ${value.byteLength} bytes]`;
  if (value instanceof Error) return serializeError(value);
  if (Array.isArray(value)) return value.map((item) => scrubObject(item, depth + 1));
  // Only plain data is walked. Class instances (Error, Buffer, IncomingMessage…) go to pino's
  // serializers as they are: walking a request would visit its raw body byte by byte.
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEYS.test(key) ? REDACTED : scrubObject(item, depth + 1);
  }
  return out;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function lineScrubber(secrets: string[]): (line: string) => string {
  const needles = [...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]))]
    .sort((a, b) => b.length - a.length);
  if (!needles.length) return (line) => line.replace(BASE64_RUN, '[BASE64]');
  const pattern = new RegExp(needles.map(escapeRegExp).join('|'), 'g');
  return (line) => line.replace(pattern, REDACTED).replace(BASE64_RUN, '[BASE64]');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
