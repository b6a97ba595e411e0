import { Readable } from 'node:stream';

const ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;
const SPACE = /\s/;

/**
 * Decodes standard Base64 arriving in pieces (a document streamed from a stored webhook body,
 * docs/large-bodies.md): whitespace is tolerated, any other character outside the alphabet, or
 * data after the padding, fails the stream with "not valid Base64", like `decodeBase64`.
 * Holds at most one piece.
 */
export function decodeBase64Stream(source: Readable): Readable {
  return Readable.from(decode(source), { objectMode: false });
}

async function* decode(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let carry = '';
  let padded = false;
  let total = 0;
  for await (const piece of source) {
    let text = carry + (typeof piece === 'string' ? piece : piece.toString('latin1'));
    if (SPACE.test(text)) text = text.replace(/\s+/g, '');
    if (!text.length) continue;
    if (padded || !ALPHABET.test(text)) throw new Error('not valid Base64');
    // Whole quartets are decoded now (the padding is part of the last one); the rest waits.
    const usable = text.length - (text.length % 4);
    carry = text.slice(usable);
    padded = text.slice(0, usable).includes('=');
    if (!usable) continue;
    const bytes = Buffer.from(text.slice(0, usable), 'base64');
    total += bytes.length;
    yield bytes;
  }
  if (carry) {
    const bytes = Buffer.from(carry, 'base64');
    total += bytes.length;
    if (bytes.length) yield bytes;
  }
  if (!total) throw new Error('not valid Base64');
}
