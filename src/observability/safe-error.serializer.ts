/**
 * The one shape an error takes in a log line (docs/hostile-input.md, "Logs"): its type, a scrubbed
 * message, a (database) code and the stack frames — never the error's own enumerable properties.
 * TypeORM's QueryFailedError carries the SQL parameters (signer names, e-mails, raw bodies),
 * pg's errors the offending values (`detail`), http-errors the request body: none of that is kept.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Quoted values in driver messages (`invalid input syntax for type uuid: "…"`). */
const QUOTED = /"[^"]*"|'[^']*'/g;
const EMAIL = /[^\s"'<>()@,;:]+@[^\s"'<>()@,;:]+\.[A-Za-z]{2,}/g;
/** Phone numbers, CPF/CNPJ and other long digit runs (with their usual separators). */
const DIGIT_RUN = /\+?\d[\d\s().-]{7,}\d/g;
const BASE64_RUN = /[A-Za-z0-9+/]{64,}={0,2}/g;
const MAX_MESSAGE = 500;

export function serializeError(error: unknown): SafeError {
  if (isSerialized(error)) return error;
  if (!(error instanceof Error)) return describeValue(error);
  const code = errorCode(error);
  const message = scrubText(error.message);
  const frames = typeof error.stack === 'string' ? error.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n') : '';
  return { type: error.constructor?.name ?? 'Error', message, ...(code ? { code } : {}), ...(frames ? { stack: frames } : {}) };
}

/** Removes anything in a message that could be a value: quoted text, e-mails, digit runs, Base64. */
export function scrubText(text: string): string {
  return String(text)
    .slice(0, MAX_MESSAGE * 4)
    .replace(QUOTED, '"[value]"')
    .replace(EMAIL, '[email]')
    .replace(BASE64_RUN, '[base64]')
    .replace(DIGIT_RUN, '[digits]')
    .slice(0, MAX_MESSAGE);
}

/** A plain description of an error (`{name?, message, code?}`) keeps those three, scrubbed. */
function describeValue(value: unknown): SafeError {
  if (typeof value === 'string') return { type: 'string', message: scrubText(value) };
  const { name, message, code } = (value ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  if (typeof message !== 'string') return { type: typeof value, message: '[non-error value]' };
  return { type: typeof name === 'string' ? name.slice(0, 60) : 'object', message: scrubText(message), ...(typeof code === 'string' ? { code: code.slice(0, 40) } : {}) };
}

/** Already serialized (a logger call that passed `serializeError(e)` itself). */
function isSerialized(value: unknown): value is SafeError {
  if (value === null || typeof value !== 'object' || value instanceof Error) return false;
  const keys = Object.keys(value);
  const { type, message } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof message === 'string' && keys.every((key) => ['type', 'message', 'code', 'stack'].includes(key));
}

function errorCode(error: Error): string | undefined {
  const holder = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = holder.driverError?.code ?? holder.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code).slice(0, 40) : undefined;
}
