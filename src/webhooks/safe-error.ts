import { SafeError, serializeError } from '../observability/safe-error.serializer';

/**
 * An error as it may be logged: the one safe serializer (observability/safe-error.serializer.ts).
 * TypeORM's QueryFailedError carries the query parameters — a raw webhook body, with signers' data
 * and security codes — which must never reach the logs.
 */
export function safeError(error: unknown): SafeError {
  return serializeError(error);
}
