import { createHash, createHmac, Hash, Hmac } from 'node:crypto';
import { AccessCodeMaskStream } from '../inbox/access-code-mask';
import type { StreamingSecrets } from '../signature/webhook-secrets';
import type { BodyUpload } from './body-upload';
import { JsonSkeleton, SkeletonResult } from './json-skeleton';
import { Utf8StreamCheck } from './utf8-stream-check';

/** Bytes per row of `signing.webhook_body_chunk`. */
export const BODY_CHUNK_BYTES = 1024 * 1024;
/** Strings longer than this are elided from the skeleton kept in the inbox row. */
export const ELIDE_STRINGS_OVER_BYTES = 64 * 1024;
/** The skeleton's cap: a body with more structure than this outside its long strings is quarantined. */
export const MAX_SKELETON_BYTES = 8 * 1024 * 1024;

/** What the receiver knows of a streamed body once it is all written (not yet committed). */
export interface StreamedBodySummary {
  upload: BodyUpload;
  size: number;
  /** SHA-256 of the raw bytes, hex (the dedup key of a body that names no event). */
  sha256: string;
  utf8: boolean;
  skeleton: SkeletonResult;
  /** HMAC-SHA256 of the raw bytes with each streaming secret (the guard compares the header). */
  digests: { configured: (Buffer | null)[]; stored: (Buffer | null)[] };
}

/**
 * A large webhook body on its way to the database (docs/large-bodies.md): every piece as it
 * arrives is hashed (HMAC with every known secret, SHA-256), checked (UTF-8), scanned (the JSON
 * skeleton), masked (access codes) and written in BODY_CHUNK_BYTES rows of one open transaction.
 * Memory held: about two chunks (one filling, one being written), whatever the body's size.
 */
export class StreamedBody {
  private readonly hmacs: { configured: (Hmac | null)[]; stored: (Hmac | null)[] };
  private readonly sha256: Hash = createHash('sha256');
  private readonly utf8 = new Utf8StreamCheck();
  private readonly skeleton = new JsonSkeleton(ELIDE_STRINGS_OVER_BYTES, MAX_SKELETON_BYTES);
  private readonly mask = new AccessCodeMaskStream();
  private piece = Buffer.allocUnsafe(BODY_CHUNK_BYTES);
  private pieceBytes = 0;
  /** The chunk being written while the next one fills (reading and writing overlap; at most two chunks held). */
  private writing: Promise<void> = Promise.resolve();
  private size = 0;

  constructor(
    readonly upload: BodyUpload,
    secrets: StreamingSecrets,
  ) {
    const hmac = (secret: string) => (secret.trim() ? createHmac('sha256', secret.trim()) : null);
    this.hmacs = { configured: secrets.configured.map(hmac), stored: secrets.stored.map(hmac) };
  }

  get bytes(): number {
    return this.size;
  }

  /** Takes the next raw piece; resolves when it may be given the next one (the caller pauses meanwhile). */
  async push(raw: Buffer): Promise<void> {
    this.size += raw.length;
    for (const hmac of [...this.hmacs.configured, ...this.hmacs.stored]) hmac?.update(raw);
    this.sha256.update(raw);
    this.utf8.push(raw);
    this.skeleton.push(raw);
    await this.append(this.mask.push(raw));
  }

  /** Writes the rest; the body is then complete in the open transaction. */
  async finish(): Promise<StreamedBodySummary> {
    await this.append(this.mask.end());
    await this.writing;
    if (this.pieceBytes) await this.upload.write(this.piece.subarray(0, this.pieceBytes));
    this.pieceBytes = 0;
    const digest = (hmac: Hmac | null) => hmac?.digest() ?? null;
    return {
      upload: this.upload,
      size: this.size,
      sha256: this.sha256.digest('hex'),
      utf8: this.utf8.end(),
      skeleton: this.skeleton.end(),
      digests: { configured: this.hmacs.configured.map(digest), stored: this.hmacs.stored.map(digest) },
    };
  }

  private async append(masked: Buffer): Promise<void> {
    let from = 0;
    while (from < masked.length) {
      const n = Math.min(masked.length - from, BODY_CHUNK_BYTES - this.pieceBytes);
      masked.copy(this.piece, this.pieceBytes, from, from + n);
      this.pieceBytes += n;
      from += n;
      if (this.pieceBytes === BODY_CHUNK_BYTES) {
        await this.writing; // the previous chunk is in the database: one write at a time
        this.writing = this.upload.write(this.piece);
        this.writing.catch(() => undefined); // awaited by the next chunk or by finish()
        this.piece = Buffer.allocUnsafe(BODY_CHUNK_BYTES);
        this.pieceBytes = 0;
      }
    }
  }
}
