/**
 * Decodes one JSON string's content from the bytes that follow its opening quote, in pieces of
 * any size (escapes may straddle pieces): the value's UTF-8 bytes, until the closing quote. Used
 * to read an elided string (a Base64 document) from a stored body without holding it
 * (docs/large-bodies.md). The receiver already checked that body (JsonSkeleton: no raw control
 * characters, valid escapes), so runs of plain bytes are copied as found; a bad escape still throws.
 */
export class JsonStringDecoder {
  /** 0: none; 1: after a backslash; 2..5: reading the hex digits of a \u escape. */
  private escape = 0;
  private hex = 0;
  private pendingHigh: number | null = null;
  private finished = false;

  get done(): boolean {
    return this.finished;
  }

  /**
   * Decodes `bytes`; returns the decoded content and how many input bytes were consumed (less
   * than given only when the closing quote was reached). Throws on invalid JSON string content.
   */
  push(bytes: Buffer): { content: Buffer; consumed: number } {
    if (this.finished) return { content: Buffer.alloc(0), consumed: 0 };
    const out: Buffer[] = [];
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (this.escape) {
        this.onEscapeByte(bytes[i], out);
        i++;
        continue;
      }
      // A run of plain characters up to the next quote or backslash, found natively.
      const quote = bytes.indexOf(0x22, i);
      let stop = quote === -1 ? n : quote;
      const backslash = bytes.subarray(i, stop).indexOf(0x5c);
      if (backslash !== -1) stop = i + backslash;
      if (stop > i) {
        this.flushHigh(out);
        out.push(bytes.subarray(i, stop));
      }
      i = stop;
      if (i === n) break;
      if (bytes[i] === 0x22) {
        this.flushHigh(out);
        this.finished = true;
        return { content: Buffer.concat(out), consumed: i + 1 };
      }
      this.escape = 1;
      i++;
    }
    return { content: out.length === 1 ? out[0] : Buffer.concat(out), consumed: n };
  }

  private onEscapeByte(c: number, out: Buffer[]): void {
    if (this.escape === 1) {
      if (c === 0x75) {
        this.escape = 2;
        this.hex = 0;
        return;
      }
      const simple = SIMPLE[c];
      if (simple === undefined) throw new Error('not a valid JSON string (a bad escape)');
      this.escape = 0;
      this.flushHigh(out);
      out.push(Buffer.from([simple]));
      return;
    }
    const digit = HEX_DIGITS.indexOf(String.fromCharCode(c).toLowerCase());
    if (digit === -1) throw new Error('not a valid JSON string (a bad \\u escape)');
    this.hex = this.hex * 16 + digit;
    if (this.escape < 5) {
      this.escape++;
      return;
    }
    this.escape = 0;
    const unit = this.hex;
    if (unit >= 0xdc00 && unit <= 0xdfff && this.pendingHigh !== null) {
      out.push(Buffer.from(String.fromCharCode(this.pendingHigh, unit), 'utf8'));
      this.pendingHigh = null;
      return;
    }
    this.flushHigh(out);
    if (unit >= 0xd800 && unit <= 0xdbff) this.pendingHigh = unit;
    else out.push(Buffer.from(String.fromCharCode(unit), 'utf8'));
  }

  /** A high surrogate without its low half: U+FFFD, as a UTF-8 encoder writes it. */
  private flushHigh(out: Buffer[]): void {
    if (this.pendingHigh === null) return;
    out.push(Buffer.from('\ufffd', 'utf8'));
    this.pendingHigh = null;
  }
}

const HEX_DIGITS = '0123456789abcdef';
const SIMPLE: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };
