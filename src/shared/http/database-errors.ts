/**
 * Classifies errors from the database driver (pg, through TypeORM) for the HTTP layer
 * (docs/hostile-input.md): "unavailable" → 503, a value PostgreSQL refuses → 400. Everything
 * else stays unexpected (500).
 */

/** Connection exceptions (08), shutdowns (57P0x), too many connections (53300), network codes. */
const UNAVAILABLE_CODES = new Set(['08000', '08001', '08003', '08004', '08006', '08P01', '57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGE = /not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|too many clients|Connection terminated|timeout exceeded when trying to connect|connection error|Cannot use a pool after calling end|terminating connection|ECONNREFUSED|Connection is not established|not connected/i;
const UNAVAILABLE_TYPES = new Set(['ConnectionIsNotSetError', 'CannotExecuteNotConnectedError', 'ConnectionNotFoundError']);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, message, driverError, cause } = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (current instanceof Error && UNAVAILABLE_TYPES.has(current.constructor.name)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message) && !(typeof code === 'string' && /^2/.test(code))) return true;
    current = driverError ?? cause;
  }
  return false;
}

/**
 * PostgreSQL refused a value (class 22 "data exception": NUL in text, out of range, bad
 * encoding, invalid datetime…). Input checks should stop these first; this is the safety net.
 */
export function isRefusedValue(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown }; code?: unknown })?.driverError?.code ?? (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
