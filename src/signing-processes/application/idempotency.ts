import { createHash } from 'node:crypto';
import { RequestValidationError } from '../../shared/errors/domain-error';
import type { CreateProcessCommand } from './commands';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** A usable `Idempotency-Key` header: 1–255 visible ASCII characters. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY.test(key)) throw new RequestValidationError([{ field: 'Idempotency-Key', problem: 'must be 1-255 visible ASCII characters' }]);
  return key;
}

/**
 * SHA-256 of the request as the client sent it, with each PDF represented by its own SHA-256:
 * the same process sent as JSON or as multipart has the same fingerprint.
 */
export function requestFingerprint(command: CreateProcessCommand): string {
  const body = {
    ...command,
    documents: command.documents.map((d) => ({ fileName: d.fileName, sha256: sha256(d.content) })),
  };
  return sha256(Buffer.from(canonicalJson(body)));
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** JSON with object keys sorted and undefined values dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
