import { Inject, Injectable } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import type { Readable } from 'node:stream';
import { ProcessArchiveService } from '../signing-processes';
import type { SigningProcess, SigningProcessProps } from '../signing-processes';
import { SignedFileStore, StoredObjectMissingError } from './signed-file-store.port';
import { StoredFileNotFoundError, StoredFileUnavailableError } from './storage.errors';
import { StoredFile, StoredFileRepository } from './stored-file.repository';

/** Use cases behind the file routes; every one is scoped to the calling API client. */
@Injectable()
export class StoredFilesService {
  private readonly logger = new SigningLogger('StoredFilesService');

  constructor(
    private readonly processes: ProcessArchiveService,
    private readonly files: StoredFileRepository,
    @Inject(SignedFileStore) private readonly store: SignedFileStore,
  ) {}

  async list(clientName: string, processId: string): Promise<{ process: SigningProcessProps; files: StoredFile[] }> {
    const process = await this.processes.findOwned(clientName, processId);
    return { process, files: await this.files.listByProcess(process.id) };
  }

  /** The file's record and a stream of its bytes. */
  async open(clientName: string, processId: string, fileId: string): Promise<{ file: StoredFile; content: Readable }> {
    const process = await this.processes.findOwned(clientName, processId);
    const file = await this.files.findById(process.id, fileId);
    if (!file) throw new StoredFileNotFoundError(fileId);
    try {
      return { file, content: await this.store.get(file.storageKey) };
    } catch (error) {
      this.logger.error({ processId, fileId, key: file.storageKey, err: error }, error instanceof StoredObjectMissingError ? 'Stored file is missing from storage' : 'Cannot read stored file');
      throw new StoredFileUnavailableError(fileId);
    }
  }

  /**
   * FAILED → PENDING. The change's `signing.process.changed` event (written with it) makes the
   * `storage.archive` consumer enqueue and wake the job (ArchiveTrigger).
   */
  async retry(clientName: string, processId: string): Promise<SigningProcess> {
    return this.processes.requestRetry(clientName, processId);
  }
}
