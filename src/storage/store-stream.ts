import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTransferError } from './download/download.errors';
import { ContentCheck, FileInspector, InspectedFile, PDF_ONLY } from './file-inspector';
import type { SignedFileStore } from './signed-file-store.port';

/**
 * Streams `body` into the store under `key`, accepting it only if it is a PDF of at most
 * `maxBytes` (FileInspector), and returns its size and SHA-256. On any failure nothing is left
 * under `key` and the most telling error is thrown (not a PDF / too large / the source's error
 * before the store's own).
 */
export async function streamPdfToStore(body: Readable, store: SignedFileStore, key: string, maxBytes: number, check: ContentCheck = PDF_ONLY): Promise<InspectedFile> {
  const inspector = new FileInspector(maxBytes, check);
  const writing = store.put(key, inspector).catch((error: unknown) => {
    inspector.destroy(error as Error); // unblocks the reading side if the store gave up early
    throw error;
  });
  const [piped, written] = await Promise.allSettled([pipeline(body, inspector), writing]);
  if (piped.status === 'rejected' || written.status === 'rejected') {
    const reasons = [piped, written].flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    await store.delete(key).catch(() => undefined);
    const transfer = reasons.find((r) => r instanceof FileTransferError);
    if (transfer) throw transfer;
    if (written.status === 'rejected') throw new StorageWriteError(written.reason);
    throw reasons[0];
  }
  return inspector.result;
}

/** The store could not take the file (disk full, bucket unreachable…); the source was fine. */
export class StorageWriteError extends Error {
  constructor(cause: unknown) {
    const message = cause instanceof Error ? cause.message.replace(/^AWS SDK error wrapper for (Error: )?/, '') : String(cause);
    super(`storage write failed: ${message}`, { cause });
    this.name = 'StorageWriteError';
  }
}
