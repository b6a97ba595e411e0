import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError, NotPdfError } from './download/download.errors';
import { FileInspector, looksLikePdf } from './file-inspector';

async function inspect(chunks: Buffer[], maxBytes = 1024): Promise<{ inspector: FileInspector; out: Buffer }> {
  const inspector = new FileInspector(maxBytes);
  const received: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    inspector,
    new Writable({
      write(chunk: Buffer, _e, done) {
        received.push(chunk);
        done();
      },
    }),
  );
  return { inspector, out: Buffer.concat(received) };
}

describe('looksLikePdf', () => {
  it.each([
    ['%PDF-1.7\n', true],
    ['%PDF-', true],
    ['%PDF', false],
    [' %PDF-1.4', false],
    ['\uFEFF%PDF-1.4', false],
    ['%pdf-1.4', false],
    ['<html>%PDF-', false],
    ['', false],
  ])('%j → %s', (head, expected) => {
    expect(looksLikePdf(Buffer.from(head))).toBe(expected);
  });
});

describe('FileInspector', () => {
  it('passes a PDF through unchanged and reports its size and SHA-256', async () => {
    const content = Buffer.from('%PDF-1.4\n% body\n%%EOF\n');
    const { inspector, out } = await inspect([content.subarray(0, 2), content.subarray(2, 3), content.subarray(3)]);
    expect(out.equals(content)).toBe(true);
    expect(inspector.result).toEqual({ size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
  });

  it('checks %PDF- at offset 0 even when it arrives one byte at a time', async () => {
    const content = Buffer.from('%PDF-1.4 x');
    const { out } = await inspect([...content].map((b) => Buffer.from([b])));
    expect(out.equals(content)).toBe(true);
  });

  it.each([['<html>error</html>'], ['%PDX-1.4'], ['%PD'], ['']])('refuses %j as not a PDF, passing nothing on', async (text) => {
    const inspector = new FileInspector(1024);
    const received: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (received.push(chunk), done()) });
    await expect(pipeline(Readable.from([Buffer.from(text)]), inspector, sink)).rejects.toBeInstanceOf(NotPdfError);
    expect(Buffer.concat(received).length).toBe(0);
  });

  it('stops at the size cap', async () => {
    await expect(inspect([Buffer.from('%PDF-'), Buffer.alloc(100)], 64)).rejects.toBeInstanceOf(FileTooLargeError);
  });

  it('accepts a file of exactly the cap', async () => {
    const { inspector } = await inspect([Buffer.from('%PDF-'), Buffer.alloc(59)], 64);
    expect(inspector.result.size).toBe(64);
  });
});
