import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { FileTooLargeError, NotAcceptedUploadError, NotPdfError } from './download/download.errors';

export const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Whether `head` (the first bytes of a file) starts with `%PDF-` at offset 0. */
export function looksLikePdf(head: Uint8Array): boolean {
  return head.length >= PDF_MAGIC.length && Buffer.from(head.buffer, head.byteOffset, PDF_MAGIC.length).equals(PDF_MAGIC);
}

/** What a file's first bytes must be: a PDF (default), or one of the upload types signers may attach. */
export interface ContentCheck {
  /** Bytes needed before deciding. */
  headBytes: number;
  accepts(head: Buffer): boolean;
  /** The error when it does not. */
  reject(): Error;
}

export const PDF_ONLY: ContentCheck = { headBytes: PDF_MAGIC.length, accepts: (head) => looksLikePdf(head), reject: () => new NotPdfError() };

const UPLOAD_MAGIC: Record<string, Buffer> = {
  'application/pdf': PDF_MAGIC,
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
};

/** The media type of an upload by its first bytes (PDF, PNG, JPEG), or undefined. */
export function uploadTypeOf(head: Buffer): string | undefined {
  return Object.keys(UPLOAD_MAGIC).find((type) => head.length >= UPLOAD_MAGIC[type].length && head.subarray(0, UPLOAD_MAGIC[type].length).equals(UPLOAD_MAGIC[type]));
}

/** Signers' uploads: PDF, PNG or JPEG (docs/send-options.md#requested-attachments). */
export const SIGNER_UPLOAD: ContentCheck = {
  headBytes: 8,
  accepts: (head) => uploadTypeOf(head) !== undefined,
  reject: () => new NotAcceptedUploadError(),
};

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

  constructor(
    private readonly maxBytes: number,
    private readonly check: ContentCheck = PDF_ONLY,
  ) {
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
      if (this.head.length < this.check.headBytes) return done();
      if (!this.check.accepts(this.head)) return done(this.check.reject());
      const pending = this.head;
      this.head = null;
      return done(null, pending);
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.head && !(this.head.length >= 3 && this.check.accepts(this.head))) return done(this.check.reject()); // too short to decide
    if (this.head) this.push(this.head);
    this.digest = this.hash.digest('hex');
    done();
  }
}
