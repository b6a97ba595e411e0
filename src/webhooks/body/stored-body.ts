import type { DataSource } from 'typeorm';
import { JsonStringDecoder } from './json-string-decoder';

/**
 * The content of the JSON string that starts (its opening quote) at `offset` of a body stored in
 * chunks (docs/large-bodies.md), decoded, one chunk row at a time: memory stays about one chunk.
 */
export async function* readStoredString(dataSource: DataSource, deliveryId: string, offset: number): AsyncGenerator<Buffer> {
  const [first]: { seq: number; byte_offset: string }[] = await dataSource.query(
    'SELECT seq, byte_offset FROM signing.webhook_body_chunk WHERE delivery_id = $1 AND byte_offset <= $2 ORDER BY seq DESC LIMIT 1',
    [deliveryId, offset],
  );
  if (!first) throw new Error('the stored body has no such string');
  const decoder = new JsonStringDecoder();
  let seq = first.seq;
  let skip = offset - Number(first.byte_offset);
  while (!decoder.done) {
    const [row]: { data: Buffer }[] = await dataSource.query('SELECT data FROM signing.webhook_body_chunk WHERE delivery_id = $1 AND seq = $2', [deliveryId, seq++]);
    if (!row) throw new Error('the stored body ends inside a string');
    let data = row.data;
    if (skip >= 0) {
      if (data[skip] !== 0x22) throw new Error('the stored body has no string at that offset');
      data = data.subarray(skip + 1);
      skip = -1;
    }
    const { content } = decoder.push(data);
    if (content.length) yield content;
  }
}
