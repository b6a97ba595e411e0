import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { readStoredString } from '../body/stored-body';
import { parsePlaceholder } from '../body/json-skeleton';
import { ConclusionPayload, ConclusionPayloadReader } from '../conclusion-payload.reader';
import { parseBody } from '../interpretation/webhook-payload';

/**
 * The storage module's port onto the inbox: the latest conclusion delivery (trigger 8) of an
 * ArqSIGN process — its `Documentos` section has the download links or the Base64 files (the
 * latest delivery has the freshest link tokens). A large body's row holds its skeleton; each
 * Base64 document is streamed from its chunks when the archive opens it (docs/large-bodies.md).
 * Bind it as `ConclusionPayloadReader` where the archive job is built.
 */
@Injectable()
export class InboxConclusionPayloadReader extends ConclusionPayloadReader {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async latest(arqsignProcessId: string): Promise<ConclusionPayload | null> {
    const rows: { id: string; body: Buffer; body_chunked: boolean }[] = await this.dataSource.query(
      `SELECT id, body, body_chunked FROM signing.webhook_delivery
       WHERE arqsign_process_id = $1 AND trigger = 8 AND state IN ('PROCESSED', 'DUPLICATE', 'RECEIVED')
       ORDER BY received_at DESC LIMIT 1`,
      [arqsignProcessId.toLowerCase()],
    );
    const row = rows[0];
    const body = row ? parseBody(row.body) : undefined;
    if (!row || body === undefined) return null;
    return {
      body,
      open: (value: string) => {
        const at = row.body_chunked ? parsePlaceholder(value) : null;
        return at ? Readable.from(readStoredString(this.dataSource, row.id, at.offset), { objectMode: false }) : null;
      },
    };
  }
}
