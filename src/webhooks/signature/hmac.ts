import { createHmac, timingSafeEqual } from 'node:crypto';

export interface HmacMatch {
  /** Index of the matching secret in the list given. */
  index: number;
  encoding: 'base64' | 'hex';
}

const DIGEST_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}=?$/;
const HEX = /^[0-9a-fA-F]{64}$/;

/**
 * ArqSIGN's `HMAC` header: Base64 of HMAC-SHA256(raw body bytes, secret as UTF-8) (docs/arqsign.md#hmac-signature).
 * Lower/upper-case hex of the same digest is accepted too (docs/arqsign-gaps.md#gap-22); surrounding whitespace of both
 * header and secrets is ignored. The header is decoded to bytes and compared with each secret's
 * digest by `timingSafeEqual` (both exactly 32 bytes, so it never throws on a length mismatch);
 * every secret is tried, whatever matched first.
 */
export function verifyHmac(rawBody: Buffer, header: string | string[] | undefined, secrets: readonly string[]): HmacMatch | null {
  const presented = decodeHeader(Array.isArray(header) ? header[0] : header);
  if (!presented) return null;
  let match: HmacMatch | null = null;
  for (let index = 0; index < secrets.length; index++) {
    const key = secrets[index].trim();
    if (!key) continue;
    const digest = createHmac('sha256', key).update(rawBody).digest();
    const equal = digest.length === presented.bytes.length && timingSafeEqual(digest, presented.bytes);
    if (equal && match === null) match = { index, encoding: presented.encoding };
  }
  return match;
}

/** Bodies larger than this are hashed in slices of this size, yielding to the event loop between. */
const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * `verifyHmac` for bodies of any size without blocking the event loop: a 140 MB body costs about
 * 90 ms of hashing per secret, so it is hashed in 4 MiB slices (every secret per slice) with a
 * yield in between; `/health/live` keeps answering while a large delivery is checked.
 */
export async function verifyHmacAsync(rawBody: Buffer, header: string | string[] | undefined, secrets: readonly string[]): Promise<HmacMatch | null> {
  if (rawBody.length <= SLICE_BYTES) return verifyHmac(rawBody, header, secrets);
  const presented = decodeHeader(Array.isArray(header) ? header[0] : header);
  if (!presented) return null;
  const hmacs = secrets.map((secret) => (secret.trim() ? createHmac('sha256', secret.trim()) : null));
  if (!hmacs.some(Boolean)) return null;
  for (let offset = 0; offset < rawBody.length; offset += SLICE_BYTES) {
    const slice = rawBody.subarray(offset, offset + SLICE_BYTES);
    for (const hmac of hmacs) hmac?.update(slice);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  let match: HmacMatch | null = null;
  hmacs.forEach((hmac, index) => {
    if (!hmac) return;
    const digest = hmac.digest();
    const equal = digest.length === presented.bytes.length && timingSafeEqual(digest, presented.bytes);
    if (equal && match === null) match = { index, encoding: presented.encoding };
  });
  return match;
}

/**
 * The header compared with digests computed elsewhere (a body hashed while it streamed,
 * docs/large-bodies.md): `digests[i]` is HMAC-SHA256 of the body with secret i, null for an empty secret.
 */
export function matchHmacDigests(header: string | string[] | undefined, digests: readonly (Buffer | null)[]): HmacMatch | null {
  const presented = decodeHeader(Array.isArray(header) ? header[0] : header);
  if (!presented) return null;
  let match: HmacMatch | null = null;
  digests.forEach((digest, index) => {
    if (!digest) return;
    const equal = digest.length === presented.bytes.length && timingSafeEqual(digest, presented.bytes);
    if (equal && match === null) match = { index, encoding: presented.encoding };
  });
  return match;
}

/** Base64 (the way ArqSIGN signs), for tests and tools. */
export function signHmac(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret.trim()).update(rawBody).digest('base64');
}

function decodeHeader(value: string | undefined): { bytes: Buffer; encoding: 'base64' | 'hex' } | null {
  const text = value?.trim();
  if (!text || text.length > 128) return null;
  if (HEX.test(text)) return { bytes: Buffer.from(text, 'hex'), encoding: 'hex' };
  if (BASE64.test(text) || BASE64URL.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    return bytes.length === DIGEST_BYTES ? { bytes, encoding: 'base64' } : null;
  }
  return null;
}
