import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import S3rver = require('s3rver');
import { createS3Client, S3SignedFileStore } from '../../../src/storage/stores/s3.store';
import { StoredObjectMissingError } from '../../../src/storage/signed-file-store.port';

const BUCKET = 'signed-files';
const KEY = 'processes/0b7c7e1e-8d1f-4c1e-9a57-6f3d2b1a0c9e/6a1f1f0e-0000-4000-8000-000000000001.pdf';
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('S3SignedFileStore against s3rver on 127.0.0.1', () => {
  let directory: string;
  let server: S3rver;
  let client: S3Client;
  let store: S3SignedFileStore;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'arqsign-bridge-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
    const address = (await server.run()) as AddressInfo;
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    client = createS3Client({ endpoint: `http://127.0.0.1:${address.port}`, region: 'us-east-1' });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    store = new S3SignedFileStore({ bucket: BUCKET, client, partSize: 5 * 1024 * 1024 });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const keys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);
  // s3rver lacks ListMultipartUploads: record the commands the store sends instead.
  const commands: string[] = [];
  beforeAll(() => {
    client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(context.commandName as string);
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
  });
  beforeEach(() => (commands.length = 0));

  it('stores a small file in one request and reads it back', async () => {
    const content = Buffer.from('%PDF-1.7\nsmall\n%%EOF\n');
    await store.put(KEY, Readable.from([content]));
    expect(await store.exists(KEY)).toBe(true);
    expect(sha(await buffer(await store.get(KEY)))).toBe(sha(content));
    await store.delete(KEY);
    expect(await store.exists(KEY)).toBe(false);
  });

  it('streams a large file as a multipart upload (never whole in memory) and reads it back intact', async () => {
    const key = KEY.replace('000000000001', '000000000002');
    const part = Buffer.alloc(1024 * 1024, 9);
    const chunks = [Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 12 }, () => part)]; // ~12 MiB → 3 parts of 5 MiB
    await store.put(key, Readable.from(chunks));
    const back = await buffer(await store.get(key));
    expect(back.length).toBe(9 + 12 * part.length);
    expect(sha(back)).toBe(sha(Buffer.concat(chunks)));
    expect(commands.filter((c) => c !== 'GetObjectCommand')).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
    await store.delete(key);
  });

  it('shows no object while the stream is being written, and none when it then fails (multipart aborted)', async () => {
    const key = KEY.replace('000000000001', '000000000003');
    const source = new PassThrough();
    const writing = store.put(key, source);
    source.write(Buffer.from('%PDF-1.7\n'));
    for (let i = 0; i < 7; i++) source.write(Buffer.alloc(1024 * 1024, i)); // past one part: the multipart upload has begun
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.exists(key)).toBe(false);
    source.destroy(new Error('connection reset'));
    await expect(writing).rejects.toThrow();
    expect(await store.exists(key)).toBe(false);
    expect(await keys()).not.toContain(key);
    expect(commands).toContain('CreateMultipartUploadCommand');
    expect(commands).toContain('AbortMultipartUploadCommand');
    expect(commands).not.toContain('CompleteMultipartUploadCommand');
  });

  it('reports a missing key', async () => {
    await expect(store.get('processes/none/missing.pdf')).rejects.toBeInstanceOf(StoredObjectMissingError);
    expect(await store.exists('processes/none/missing.pdf')).toBe(false);
  });
});
