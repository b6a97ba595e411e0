import { Readable } from 'node:stream';
import { decodeBase64Stream } from './base64-stream';

async function decodeIn(text: string, size: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(Buffer.from(text.slice(i, i + size), 'latin1'));
  const out: Buffer[] = [];
  for await (const chunk of decodeBase64Stream(Readable.from(pieces))) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe('decodeBase64Stream', () => {
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256));

  it.each([1, 3, 4, 5, 77, 4096])('decodes pieces of %i characters, padding and line breaks included', async (size) => {
    for (const length of [1000, 999, 998]) {
      const encoded = bytes.subarray(0, length).toString('base64').replace(/(.{76})/g, '$1\r\n');
      expect((await decodeIn(encoded, size)).equals(bytes.subarray(0, length))).toBe(true);
    }
  });

  it('fails on characters outside the alphabet, data after the padding, or nothing at all', async () => {
    await expect(decodeIn('QUJD*QUJD', 3)).rejects.toThrow('not valid Base64');
    await expect(decodeIn('QUI=QUJD', 4)).rejects.toThrow('not valid Base64');
    await expect(decodeIn('', 4)).rejects.toThrow('not valid Base64');
  });
});
