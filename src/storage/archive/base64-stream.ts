import { Readable } from 'node:stream';

/**
 * Decodes standard Base64 arriving in pieces (a document streamed from a stored webhook body,
 * docs/large-bodies.md): line breaks and spaces are tolerated; a character outside the alphabet,
 * or data after the padding, fails the stream with "not valid Base64". Holds at most one piece.
 *
 * Checked without a regular expression over megabytes: Node's decoder skips what is not Base64,
 * so a quartet-aligned text is valid exactly when it decodes to 3 bytes per quartet minus its padding.
 */
export function decodeBase64Stream(source: Readable): Readable {
  return Readable.from(decode(source), { objectMode: false });
}

async function* decode(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let carry = '';
  let padded = false;
  let total = 0;
  const take = (text: string): Buffer => {
    if (padded) throw new Error('not valid Base64');
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    const bytes = Buffer.from(text, 'base64');
    const expected = Math.floor(text.length / 4) * 3 + [0, 0, 1, 2][text.length % 4] - padding;
    if (bytes.length !== expected || (text.length % 4 === 1)) throw new Error('not valid Base64');
    padded = padding > 0;
    total += bytes.length;
    return bytes;
  };
  for await (const piece of source) {
    let text = carry + (typeof piece === 'string' ? piece : piece.toString('latin1'));
    if (text.includes('\n') || text.includes('\r') || text.includes(' ') || text.includes('\t')) text = text.replace(/[\n\r \t]+/g, '');
    // Whole quartets now (the padding is part of the last one); the rest waits for the next piece.
    const usable = text.length - (text.length % 4);
    carry = text.slice(usable);
    if (usable) yield take(text.slice(0, usable));
  }
  if (carry) yield take(carry);
  if (!total) throw new Error('not valid Base64');
}
