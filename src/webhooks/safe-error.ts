/**
 * An error as it may be logged: type, message and (database) code only. TypeORM's
 * QueryFailedError carries the query parameters — a raw webhook body, with signers' data and
 * security codes — which must never reach the logs.
 */
export function safeError(error: unknown): { type: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
  return { type: error.constructor.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}
