import {
  ArqsignAlreadyFinishedError,
  ArqsignError,
  ArqsignInsufficientCreditsError,
  ArqsignNotFoundError,
  ArqsignRateLimitedError,
  ArqsignUnauthorizedError,
  ArqsignValidationError,
} from './arqsign-client.errors';
import { getKey, isRecord, normalizeLabel } from './lenient';

const MAX_MESSAGE_LENGTH = 500;
const MAX_MESSAGES = 20;
/** A run this long of Base64 alphabet (padding included) is treated as file content and removed. */
const BASE64_RUN = /[A-Za-z0-9+/=]{40,}/g;

/**
 * Makes one ArqSIGN text safe to put in an error or a log: drops Base64 runs (document contents
 * echoed back), the configured secrets, control characters, and caps the length.
 */
export function sanitizeMessage(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(BASE64_RUN, '[base64 removed]').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return out.length > MAX_MESSAGE_LENGTH ? `${out.slice(0, MAX_MESSAGE_LENGTH)}…` : out;
}

/**
 * ArqSIGN's messages from an error body (docs/arqsign.md#errors, docs/arqsign-gaps.md#gap-10): a JSON string; keys `mensagem`,
 * `message`, `erro`, `error`, `errors` (array or object), `title` (case-insensitive); otherwise the
 * raw text. Several messages joined with "; " (the simulator's convention) are split.
 */
export function extractMessages(body: unknown, rawText: string, secrets: readonly string[] = []): string[] {
  const found = collect(body);
  if (found.length === 0 && body === undefined && rawText.trim() !== '' && !looksLikeHtml(rawText)) {
    found.push(rawText);
  }
  return found
    .flatMap((text) => text.split(/;\s+/))
    .map((text) => sanitizeMessage(text, secrets))
    .filter((text) => text !== '')
    .slice(0, MAX_MESSAGES);
}

const MESSAGE_KEYS = ['mensagem', 'message', 'erro', 'error', 'errors', 'mensagens', 'messages', 'title'];

function collect(value: unknown, depth = 0): string[] {
  if (depth > 4 || value === null || value === undefined) return [];
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((item) => collect(item, depth + 1));
  if (!isRecord(value)) return [];
  for (const key of MESSAGE_KEYS) {
    const found = collect(getKey(value, key), depth + 1);
    if (found.length > 0) return found;
  }
  // ASP.NET-style `{ errors: { field: ["msg"] } }` reaches here for the inner object.
  return depth > 0 ? Object.values(value).flatMap((item) => collect(item, depth + 1)) : [];
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

// ---------------------------------------------------------------------------------------------

const CREDITS_PREFIX = normalizeLabel('Saldo de créditos');
const DELETED = normalizeLabel('Documento excluído.');
const CONCLUDED = normalizeLabel('Documento concluído.');
const CANCELLED = normalizeLabel('Documento cancelado.');
/** E_IDS: `O(s) id(s) listado(s) não existe(m): {ids}` — matched by prefix (docs/arqsign.md#errors). */
const UNKNOWN_IDS_PREFIX = normalizeLabel('O(s) id(s) listado(s) não existe(m)');

export interface ClientErrorContext {
  endpoint: string;
  status: number;
  messages: string[];
  /** The id in the request path (process, document, webhook config), if any. */
  pathId?: string;
  /** ArqSIGN's name of that path parameter (`idProcesso`, `idArquivoProcesso`, …). */
  pathParam?: string;
  attempts?: number;
  retryAfterMs?: number;
}

/**
 * Maps a 4xx answer to a typed error. Message texts decide before status codes because ArqSIGN's
 * codes for them are undocumented (credits may come as 400 or 422; docs/arqsign-gaps.md#gap-10, #gap-27).
 */
export function mapClientError(ctx: ClientErrorContext): ArqsignError {
  const details = {
    endpoint: ctx.endpoint,
    messages: ctx.messages,
    httpStatus: ctx.status,
    attempts: ctx.attempts,
    retryAfterMs: ctx.retryAfterMs,
  };
  const normalized = ctx.messages.map(normalizeLabel);

  if (ctx.status === 401 || ctx.status === 403) return new ArqsignUnauthorizedError(details);
  if (ctx.status === 429) return new ArqsignRateLimitedError(details);
  if (normalized.some((m) => m.startsWith(CREDITS_PREFIX))) return new ArqsignInsufficientCreditsError(details);
  if (normalized.includes(CONCLUDED)) return new ArqsignAlreadyFinishedError({ ...details, state: 'CONCLUDED' });
  if (normalized.includes(CANCELLED)) return new ArqsignAlreadyFinishedError({ ...details, state: 'CANCELLED' });
  if (normalized.includes(DELETED)) return new ArqsignNotFoundError({ ...details, deleted: true });
  if (ctx.status === 404 || ctx.status === 410) return new ArqsignNotFoundError(details);
  if (ctx.pathId && namesPathId(normalized, [ctx.pathId, ctx.pathParam])) return new ArqsignNotFoundError(details);
  return new ArqsignValidationError(details);
}

/**
 * E_IDS whose list names the path id (or the path parameter's name): the addressed resource does
 * not exist. Whether the list holds values or field names is undocumented, so both are accepted;
 * other ids (e.g. a recipient on resend) stay validation errors.
 */
function namesPathId(normalized: string[], candidates: Array<string | undefined>): boolean {
  const wanted = new Set(candidates.flatMap((c) => (c ? [c.toLowerCase()] : [])));
  return normalized.some((message) => {
    if (!message.startsWith(UNKNOWN_IDS_PREFIX)) return false;
    const list = message.slice(message.indexOf(':') + 1);
    return list.split(/[\s,;.“”"'`]+/).some((token) => wanted.has(token));
  });
}
