import { Readable } from 'node:stream';
import { SignedFileStore, StoredObjectMissingError } from '../signed-file-store.port';

/** A SignedFileStore in memory: like the real ones, a key appears only once its stream completed. */
export class InMemorySignedFileStore extends SignedFileStore {
  readonly driver = 'local' as const;
  readonly objects = new Map<string, Buffer>();
  failNextPut?: Error;

  async put(key: string, content: Readable): Promise<void> {
    const failure = this.failNextPut;
    this.failNextPut = undefined;
    if (failure) {
      content.destroy(failure);
      throw failure;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(chunk as Buffer);
    this.objects.set(key, Buffer.concat(chunks));
  }

  async get(key: string): Promise<Readable> {
    const value = this.objects.get(key);
    if (!value) throw new StoredObjectMissingError(key);
    return Readable.from([value]);
  }

  async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}
