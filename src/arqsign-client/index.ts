export { ArqsignClient } from './arqsign-client.port';
export { HttpArqsignClient } from './http-arqsign.client';
export type { ArqsignClientOptions, ArqsignClientLogger, ArqsignBreakerOptions } from './http-arqsign.client';
export type { RetryOptions } from './retry-policy';
export type { RateLimitOptions } from './rate-limiter';
export * from './arqsign-client.errors';
export * from './arqsign.types';
export {
  LenientRecord,
  getKey,
  hasKey,
  isRecord,
  normalizeLabel,
  parseBoolean,
  parseDate,
  parseInteger,
  parseNumber,
  parseString,
  type DateParseOptions,
  type JsonRecord,
} from './lenient';
export { parseProcessStatus, parseSignerAction, parseUserStatus, mapSignatureData } from './response-mappers';
