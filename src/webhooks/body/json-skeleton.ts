/**
 * A streaming scanner for a JSON body of any size (docs/large-bodies.md): it keeps the body's
 * structure and every short string, and replaces each string longer than `elideOver` bytes (the
 * Base64 documents of a conclusion) by a placeholder naming where that string starts in the raw
 * bytes and how long it is. The result, the "skeleton", is small and parses with JSON.parse, so
 * interpretation (signers, dates, links) works on it unchanged; the long strings are read later
 * from the stored bytes, one at a time (`JsonStringDecoder`).
 *
 * It tokenizes only as far as needed to find strings (quotes and escapes); JSON.parse of the
 * skeleton checks the rest of the syntax. Inside an elided string it checks what JSON.parse would
 * have checked (no raw control characters, valid escapes) and what storing as text needs (no
 * `\u0000`, no lone surrogate escape).
 */
export interface SkeletonResult {
  /** The body with long strings elided; null when it is certainly not JSON text or too large. */
  skeleton: Buffer | null;
  /** Why the body cannot be kept as text (quarantine), or why it is not JSON. */
  problem?: { kind: 'not-json' | 'not-text' | 'too-large'; message: string };
  /** How many strings were elided. */
  elided: number;
}

/** `"[elided string at byte 1234, 5678 bytes]"`: the placeholder's text (ASCII, never a URL). */
export function elidedPlaceholder(offset: number, bytes: number): string {
  return `[elided string at byte ${offset}, ${bytes} bytes]`;
}

const PLACEHOLDER = /^\[elided string at byte (\d{1,15}), (\d{1,15}) bytes\]$/;

/** The position of an elided string in the raw bytes (its opening quote), or null when `value` is no placeholder. */
export function parsePlaceholder(value: string): { offset: number; bytes: number } | null {
  const match = PLACEHOLDER.exec(value);
  return match ? { offset: Number(match[1]), bytes: Number(match[2]) } : null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]); // " \ / b f n r t
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

export class JsonSkeleton {
  private readonly parts: Buffer[] = [];
  private size = 0;
  private position = 0;
  private inString = false;
  private stringStart = 0;
  private stringParts: Buffer[] = [];
  private stringBytes = 0;
  private elidedNow = false;
  /** 0: none; 1: after a backslash; 2..5: reading the hex digits of a \u escape. */
  private escape = 0;
  private hex = 0;
  private highSurrogate = false;
  /** Why the current string could not be stored as text (reported only if it ends up elided). */
  private textProblem?: string;
  private elidedCount = 0;
  private problem?: SkeletonResult['problem'];

  constructor(
    private readonly elideOver: number,
    private readonly maxSkeletonBytes: number,
  ) {}

  push(chunk: Buffer): void {
    if (this.problem?.kind === 'not-json' || this.problem?.kind === 'too-large') {
      this.position += chunk.length;
      return;
    }
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (!this.inString) {
        const quote = chunk.indexOf(QUOTE, i);
        const end = quote === -1 ? n : quote;
        this.emit(chunk.subarray(i, end));
        if (quote === -1) break;
        this.inString = true;
        this.stringStart = this.position + quote;
        this.stringParts = [];
        this.stringBytes = 0;
        this.elidedNow = false;
        this.highSurrogate = false;
        this.textProblem = undefined;
        i = quote + 1;
        continue;
      }
      const start = i;
      let closed = false;
      while (i < n) {
        if (this.escape) {
          if (!this.onEscapeByte(chunk[i])) return this.fail('not-json', 'The body is not valid JSON');
          i++;
          continue;
        }
        const c = chunk[i];
        if (c === QUOTE) {
          closed = true;
          break;
        }
        if (c === BACKSLASH) this.escape = 1;
        else if (c < 0x20) return this.fail('not-json', 'The body is not valid JSON');
        else if (this.highSurrogate) this.loneSurrogate();
        i++;
      }
      this.addStringBytes(chunk.subarray(start, i));
      if (!closed) break;
      if (this.highSurrogate) this.loneSurrogate();
      this.closeString();
      i++; // past the closing quote
    }
    this.position += n;
  }

  end(): SkeletonResult {
    if (this.inString) this.fail('not-json', 'The body is not valid JSON');
    const skeleton = this.problem?.kind === 'not-json' || this.problem?.kind === 'too-large' ? null : Buffer.concat(this.parts, this.size);
    return { skeleton, problem: this.problem, elided: this.elidedCount };
  }

  /** One byte of an escape sequence; false when the sequence is invalid. */
  private onEscapeByte(c: number): boolean {
    if (this.escape === 1) {
      if (c === 0x75) {
        this.escape = 2;
        this.hex = 0;
        return true;
      }
      if (!SIMPLE_ESCAPES.has(c)) return false;
      this.escape = 0;
      if (this.highSurrogate) this.loneSurrogate();
      return true;
    }
    if (!isHex(c)) return false;
    this.hex = this.hex * 16 + parseInt(String.fromCharCode(c), 16);
    if (this.escape < 5) {
      this.escape++;
      return true;
    }
    this.escape = 0;
    const unit = this.hex;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (unit === 0) this.textProblem ??= 'holds NUL';
    if (low !== this.highSurrogate) this.loneSurrogate();
    this.highSurrogate = unit >= 0xd800 && unit <= 0xdbff;
    return true;
  }

  /** A high surrogate not followed by a low one, or a low one without a high one before it. */
  private loneSurrogate(): void {
    this.textProblem ??= 'holds a lone surrogate';
    this.highSurrogate = false;
  }

  private addStringBytes(bytes: Buffer): void {
    this.stringBytes += bytes.length;
    if (this.elidedNow) return;
    if (this.stringBytes > this.elideOver) {
      this.elidedNow = true;
      this.stringParts = [];
      return;
    }
    if (bytes.length) this.stringParts.push(Buffer.from(bytes));
  }

  private closeString(): void {
    this.inString = false;
    // Short strings are checked by the input guard after JSON.parse; elided ones only here.
    if (this.elidedNow && this.textProblem) this.fail('not-text', `The body cannot be stored as text: a long string ${this.textProblem}`);
    if (this.elidedNow) {
      this.elidedCount++;
      this.emit(Buffer.from(`"${elidedPlaceholder(this.stringStart, this.stringBytes + 2)}"`, 'latin1'));
    } else {
      this.emit(Buffer.from([QUOTE]));
      for (const part of this.stringParts) this.emit(part);
      this.emit(Buffer.from([QUOTE]));
    }
    this.stringParts = [];
  }

  private emit(bytes: Buffer): void {
    if (!bytes.length || this.problem?.kind === 'too-large') return;
    this.size += bytes.length;
    if (this.size > this.maxSkeletonBytes) {
      this.fail('too-large', `The body's structure outside its long strings is over ${this.maxSkeletonBytes} bytes`);
      return;
    }
    // Copied: the chunk it comes from is reused by the caller.
    this.parts.push(Buffer.from(bytes));
  }

  /** The first problem is kept, except that a body found not to be JSON (or too large) is that. */
  private fail(kind: NonNullable<SkeletonResult['problem']>['kind'], message: string): void {
    if (this.problem && (this.problem.kind !== 'not-text' || kind === 'not-text')) return;
    this.problem = { kind, message };
    if (kind !== 'not-text') this.parts.length = 0;
  }
}
