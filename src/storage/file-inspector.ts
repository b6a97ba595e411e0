import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { FileTooLargeError, NotPdfError } from './download/download.errors';

export const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Whether `head` (the first bytes of a file) starts with `%PDF-` at offset 0. */
export function looksLikePdf(head: Uint8Array): boolean {
  return head.length >= PDF_MAGIC.length && Buffer.from(head.buffer, head.byteOffset, PDF_MAGIC.length).equals(PDF_MAGIC);
}

export interface InspectedFile {
  size: number;
  sha256: string;
}

/**
 * A pass-through stream that accepts a file only if it is a PDF (`%PDF-` at offset 0) of at most
 * `maxBytes`, and computes its size and SHA-256 on the way. Nothing passes before the first five
 * bytes are checked; a violation errors the stream (the store then discards what it wrote).
 */
export class FileInspector extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private head: Buffer | null = Buffer.alloc(0);
  private bytes = 0;
  private digest: string | null = null;

  constructor(private readonly maxBytes: number) {
    super();
  }

  /** Size and SHA-256, available once the stream has ended. */
  get result(): InspectedFile {
    if (this.digest === null) throw new Error('FileInspector: the stream has not ended yet');
    return { size: this.bytes, sha256: this.digest };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(new FileTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.head) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < PDF_MAGIC.length) return done();
      if (!looksLikePdf(this.head)) return done(new NotPdfError());
      const pending = this.head;
      this.head = null;
      return done(null, pending);
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.head) return done(new NotPdfError()); // fewer than five bytes in all
    this.digest = this.hash.digest('hex');
    done();
  }
}
