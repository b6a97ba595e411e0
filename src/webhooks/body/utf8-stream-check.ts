import { isUtf8 } from 'node:buffer';

/**
 * Whether a byte stream is valid UTF-8, checked piece by piece (a character may straddle two
 * pieces: its first bytes wait for the next piece).
 */
export class Utf8StreamCheck {
  private carry: Buffer = Buffer.alloc(0);
  private valid = true;

  push(piece: Buffer): void {
    if (!this.valid || !piece.length) return;
    const bytes = this.carry.length ? Buffer.concat([this.carry, piece]) : piece;
    const cut = completeLength(bytes);
    this.valid = isUtf8(bytes.subarray(0, cut));
    this.carry = Buffer.from(bytes.subarray(cut));
  }

  /** The verdict once every piece was pushed. */
  end(): boolean {
    return this.valid && this.carry.length === 0;
  }
}

/** The length of `bytes` without a trailing incomplete multi-byte sequence (at most 3 bytes). */
function completeLength(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? n - back : n;
  }
  return n;
}
