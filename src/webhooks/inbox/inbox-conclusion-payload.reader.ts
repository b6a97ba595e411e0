import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConclusionPayloadReader } from '../conclusion-payload.reader';
import { parseBody } from '../interpretation/webhook-payload';

/**
 * The storage module's port onto the inbox: the parsed body of the latest conclusion
 * delivery (trigger 8) of an ArqSIGN process — its `Documentos` section has the download links or
 * the Base64 files (the latest delivery has the freshest link tokens). Bind it as `ConclusionPayloadReader` where the archive job is built.
 */
@Injectable()
export class InboxConclusionPayloadReader extends ConclusionPayloadReader {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async latest(arqsignProcessId: string): Promise<unknown | null> {
    const rows: { body: Buffer }[] = await this.dataSource.query(
      `SELECT body FROM signing.webhook_delivery
       WHERE arqsign_process_id = $1 AND trigger = 8 AND state IN ('PROCESSED', 'DUPLICATE', 'RECEIVED')
       ORDER BY received_at DESC LIMIT 1`,
      [arqsignProcessId.toLowerCase()],
    );
    return rows.length ? (parseBody(rows[0].body) ?? null) : null;
  }
}
