import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { assertValidKey, SignedFileStore, StoredObjectMissingError } from '../signed-file-store.port';

export interface S3StoreOptions {
  bucket: string;
  /** An S3-compatible endpoint (MinIO, s3rver…): path-style addressing is used. */
  endpoint?: string;
  region?: string;
  /** Tests pass a client with explicit credentials; otherwise the usual AWS variables/provider chain. */
  client?: S3Client;
  /** Multipart part size (min 5 MiB). Memory used ≈ partSize × queueSize. */
  partSize?: number;
  queueSize?: number;
}

const MIB = 1024 * 1024;

/**
 * Files in an S3 bucket (AWS SDK v3). `put` streams through lib-storage's multipart upload: S3
 * only shows the key once the upload completes, and a failed stream aborts the upload (no parts
 * left behind); a small file goes as one PutObject, which is atomic too.
 */
export class S3SignedFileStore extends SignedFileStore {
  readonly driver = 's3' as const;
  readonly client: S3Client;
  private readonly bucket: string;

  constructor(private readonly options: S3StoreOptions) {
    super();
    this.bucket = options.bucket;
    this.client = options.client ?? createS3Client(options);
  }

  async put(key: string, content: Readable): Promise<void> {
    assertValidKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: content, ContentType: 'application/pdf' },
      partSize: Math.max(5 * MIB, this.options.partSize ?? 8 * MIB),
      queueSize: this.options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      await upload.abort().catch(() => undefined);
      content.destroy();
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return result.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new StoredObjectMissingError(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  destroy(): void {
    if (!this.options.client) this.client.destroy();
  }
}

export function createS3Client(options: Pick<S3StoreOptions, 'endpoint' | 'region'>): S3Client {
  return new S3Client({
    // No region: the SDK's default chain (AWS_REGION, config files); an S3-compatible endpoint needs none.
    ...(options.region ? { region: options.region } : options.endpoint ? { region: 'us-east-1' } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    // S3-compatible servers often reject the newer default checksum headers/trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function isMissing(error: unknown): boolean {
  if (error instanceof NoSuchKey || error instanceof NotFound) return true;
  return error instanceof S3ServiceException && (error.$metadata?.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound');
}
