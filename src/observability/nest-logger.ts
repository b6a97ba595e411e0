import type { LoggerService } from '@nestjs/common';

/** Nest's start-up chatter: one line per module and per route, useful only when debugging. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * Wraps the Nest logger so the framework's module-init and route-mapping lines go out at `debug`
 * instead of `info`; everything else passes through unchanged.
 */
export class QuietStartupNestLogger implements LoggerService {
  constructor(private readonly inner: LoggerService & { debug(message: unknown, ...optional: unknown[]): void }) {}

  log(message: unknown, ...optional: unknown[]): void {
    const context = optional.at(-1);
    if (typeof context === 'string' && CHATTY_CONTEXTS.has(context)) this.inner.debug(message, ...optional);
    else this.inner.log(message, ...optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.inner.error(message, ...optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.inner.warn(message, ...optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.inner.debug(message, ...optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.inner.verbose?.(message, ...optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...optional);
  }
}
