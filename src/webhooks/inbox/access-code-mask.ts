/**
 * Access codes (`codigoSeguranca`) masked in a webhook body before it is stored
 * (docs/arqsign-gaps.md#gap-29). Works on the bytes, in place on a copy, keeping every other byte
 * and the length: a multi-megabyte Base64 body is scanned with Buffer.indexOf, never parsed again.
 * A quoted value becomes `*` characters; an unquoted number becomes 1s (still valid JSON).
 */
const KEYS = ['codigoSeguranca', 'CodigoSeguranca', 'codigoseguranca', 'CODIGOSEGURANCA'].map((k) => Buffer.from(`"${k}"`, 'latin1'));
const STAR = 0x2a;
const ZERO = 0x30;
const ONE = 0x31;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

export function maskAccessCodes(raw: Buffer): Buffer {
  let out: Buffer | undefined;
  for (const key of KEYS) {
    let at = raw.indexOf(key);
    while (at !== -1) {
      out ??= Buffer.from(raw);
      maskValueAfter(out, at + key.length);
      at = raw.indexOf(key, at + key.length);
    }
  }
  return out ?? raw;
}

function maskValueAfter(body: Buffer, from: number): void {
  let i = from;
  while (i < body.length && isSpace(body[i])) i++;
  if (body[i] !== 0x3a) return; // not a key (":" must follow)
  i++;
  while (i < body.length && isSpace(body[i])) i++;
  if (body[i] === QUOTE) {
    for (i++; i < body.length && body[i] !== QUOTE; i++) {
      if (body[i] === BACKSLASH) {
        body[i] = STAR;
        i++;
        if (i < body.length) body[i] = STAR;
        continue;
      }
      body[i] = STAR;
    }
    return;
  }
  for (; i < body.length && body[i] >= ZERO && body[i] <= 0x39; i++) body[i] = ONE;
}

/** Bytes held back at the end of each piece, so a key and its value are masked in one piece. */
const HOLD_BACK_BYTES = 1024;
const LONGEST_KEY = Math.max(...KEYS.map((key) => key.length));

/**
 * `maskAccessCodes` over a body arriving in pieces (docs/large-bodies.md): the last
 * HOLD_BACK_BYTES of what was pushed, and any key near them, wait for the next piece, so a key,
 * its colon and a value of up to about a kilobyte are always masked together. Same length out as in.
 */
export class AccessCodeMaskStream {
  private pending: Buffer = Buffer.alloc(0);

  /** Masked bytes that are final (possibly none). */
  push(piece: Buffer): Buffer {
    const bytes = maskAccessCodes(this.pending.length ? Buffer.concat([this.pending, piece]) : piece);
    let cut = bytes.length - HOLD_BACK_BYTES;
    if (cut <= 0) {
      this.pending = Buffer.from(bytes);
      return Buffer.alloc(0);
    }
    for (const key of KEYS) {
      const at = bytes.indexOf(key, Math.max(0, cut - LONGEST_KEY));
      if (at !== -1 && at < cut) cut = at;
    }
    this.pending = Buffer.from(bytes.subarray(cut));
    return bytes.subarray(0, cut);
  }

  /** The rest, masked. */
  end(): Buffer {
    const rest = maskAccessCodes(this.pending);
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
