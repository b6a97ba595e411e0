/**
 * Where the archive job finds the conclusion webhook (trigger 8) of a process: its documents
 * section carries the download links or the Base64 files (docs/arqsign.md#documents-section). The webhook inbox keeps
 * every delivery durably, so the job reads it from there instead of copying files into job data.
 * A port of the webhooks module (its entry file exports it); the inbox implements it, storage consumes it.
 */
export abstract class ConclusionPayloadReader {
  /** The parsed body of the latest conclusion delivery for this ArqSIGN process, or null. */
  abstract latest(arqsignProcessId: string): Promise<unknown | null>;
}

/** No inbox available (e.g. a host without the webhook receiver): the archive uses the API. */
export class NoConclusionPayloadReader extends ConclusionPayloadReader {
  async latest(): Promise<unknown | null> {
    return null;
  }
}
