import { ConsoleLogger, Logger, LoggerService } from '@nestjs/common';

type Level = 'log' | 'warn' | 'error' | 'debug' | 'verbose' | 'fatal';

/**
 * The module's logger (docs/embedding.md#logging). Log calls are pino-style — `(fields, message)`
 * — and go to whatever logger the app uses (Nest's static Logger). A structured logger (the
 * standalone app's pino, a host's nestjs-pino) gets the fields as they are; Nest's text
 * ConsoleLogger, which would print the object as `Object(9) {…}` on its own line, gets one line:
 * `message (key=value, …)` (a lone object's `msg` is its message). Fields never carry personal data (docs/logging.md).
 */
export class SigningLogger extends Logger {
  override log(message: unknown, ...optional: unknown[]): void {
    this.write('log', message, optional);
  }

  override warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  override error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  override debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  override verbose(message: unknown, ...optional: unknown[]): void {
    this.write('verbose', message, optional);
  }

  override fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: Level, message: unknown, optional: unknown[]): void {
    if (isFields(message) && writesText()) {
      // The text is the next argument, or the object's own `msg` (pino's message key).
      if (typeof optional[0] === 'string') return super[level](`${optional[0]}${renderFields(message)}`, ...optional.slice(1));
      const { msg, ...fields } = message;
      return super[level](`${typeof msg === 'string' ? msg : ''}${renderFields(fields)}`.trim(), ...optional);
    }
    (super[level] as (message: unknown, ...optional: unknown[]) => void)(message, ...optional);
  }
}

/** True when the app's logger is Nest's text logger (the default one, or a ConsoleLogger the app set). */
function writesText(): boolean {
  const current = (Logger as unknown as { staticInstanceRef?: LoggerService }).staticInstanceRef;
  return current === undefined || current instanceof ConsoleLogger;
}

function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}

/** ` (key=value, …)`: strings as they are, errors by their message, anything else as short JSON. */
export function renderFields(fields: Record<string, unknown>): string {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${renderValue(value)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
    const { type, message } = value as { type?: unknown; message: string };
    return typeof type === 'string' ? `${type}: ${message}` : message;
  }
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}
