import type { Readable } from 'node:stream';

/**
 * The conclusion webhook (trigger 8) of a process as the archive job reads it: its documents
 * section carries the download links or the Base64 files (docs/arqsign.md#documents-section).
 *
 * A large body (docs/large-bodies.md) is never handed over whole: in `body`, every string over
 * 64 KiB (a Base64 document) is a placeholder, and `open` streams that string's content from the
 * stored bytes, one document at a time. Small bodies come whole (`open` answers null).
 */
export interface ConclusionPayload {
  /** The parsed body, long strings replaced by placeholders. */
  readonly body: unknown;
  /** The content (UTF-8 bytes) of the long string whose placeholder is `value`; null for any other string. */
  open(value: string): Readable | null;
}

/**
 * Where the archive job finds the conclusion webhook of a process. The webhook inbox keeps
 * every delivery durably, so the job reads it from there instead of copying files into job data.
 * A port of the webhooks module (its entry file exports it); the inbox implements it, storage consumes it.
 */
export abstract class ConclusionPayloadReader {
  /** The latest conclusion delivery for this ArqSIGN process, or null. */
  abstract latest(arqsignProcessId: string): Promise<ConclusionPayload | null>;
}

/** No inbox available (e.g. a host without the webhook receiver): the archive uses the API. */
export class NoConclusionPayloadReader extends ConclusionPayloadReader {
  async latest(): Promise<ConclusionPayload | null> {
    return null;
  }
}
