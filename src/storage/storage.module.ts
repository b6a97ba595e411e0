import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArqsignClientModule } from '../arqsign-client/arqsign-client.module';
import { ArqsignClient } from '../arqsign-client';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { ProcessArchiveService } from '../signing-processes';
import { SigningProcessesModule } from '../signing-processes/signing-processes.module';
import { ConclusionPayloadReader } from '../webhooks';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS, StorageOptions } from '../signing.module-definition';
import { ArchiveJob } from './archive/archive.job';
import { ArchiveService } from './archive/archive.service';
import { AllowedHosts } from './download/allowed-hosts';
import { SafeDownloader } from './download/safe-downloader';
import { ArchiveWakeListener } from './listeners/archive-wake.listener';
import { SharedStorageCheck } from './shared-storage.check';
import { SignedFileStore } from './signed-file-store.port';
import { LocalDiskSignedFileStore } from './stores/local-disk.store';
import { S3SignedFileStore } from './stores/s3.store';
import { StoredFileEntity } from './stored-file.entity';
import { StoredFileRepository, TypeOrmStoredFileRepository } from './stored-file.repository';
import { StoredFilesService } from './stored-files.service';

/** Largest signed document or signature record accepted (ArqSIGN caps a process at 100 MB of PDFs). */
export const MAX_ARCHIVED_FILE_BYTES = 128 * 1024 * 1024;

export function createSignedFileStore(storage: StorageOptions): SignedFileStore {
  if (storage.driver === 's3') return new S3SignedFileStore({ bucket: storage.bucket, endpoint: storage.endpoint, region: storage.region });
  return new LocalDiskSignedFileStore(storage.directory);
}

/**
 * Archives signed documents and signature records (docs/behaviour.md#archive; issue 8): the durable
 * archive job, the SSRF-safe downloader, the local-disk or S3 store, `signing.stored_file`, and
 * the use cases behind the file routes (FilesController, mounted by SigningModule).
 */
@Module({
  imports: [TypeOrmModule.forFeature([StoredFileEntity]), JobsModule, EventsModule, SigningProcessesModule, ArqsignClientModule, WebhooksModule],
  providers: [
    { provide: SignedFileStore, useFactory: (options: ResolvedSigningOptions) => createSignedFileStore(options.storage), inject: [SIGNING_MODULE_OPTIONS] },
    {
      provide: SafeDownloader,
      useFactory: (options: ResolvedSigningOptions) =>
        new SafeDownloader({ allowedHosts: new AllowedHosts(options.downloadAllowedHosts), maxBytes: MAX_ARCHIVED_FILE_BYTES, connectTimeoutMs: 10_000, totalTimeoutMs: 5 * 60_000 }),
      inject: [SIGNING_MODULE_OPTIONS],
    },
    { provide: StoredFileRepository, useClass: TypeOrmStoredFileRepository },
    {
      provide: ArchiveService,
      useFactory: (
        options: ResolvedSigningOptions,
        processes: ProcessArchiveService,
        files: StoredFileRepository,
        store: SignedFileStore,
        downloader: SafeDownloader,
        arqsign: ArqsignClient,
        // The conclusion webhook's links / Base64: a port of the webhooks module onto its inbox.
        conclusions: ConclusionPayloadReader,
      ) =>
        new ArchiveService(processes, files, store, downloader, arqsign, conclusions, {
          maxAttempts: Math.max(1, options.archiveMaxAttempts),
          maxFileBytes: MAX_ARCHIVED_FILE_BYTES,
          logger: new SigningLogger('ArchiveService'),
        }),
      inject: [SIGNING_MODULE_OPTIONS, ProcessArchiveService, StoredFileRepository, SignedFileStore, SafeDownloader, ArqsignClient, ConclusionPayloadReader],
    },
    ArchiveJob,
    ArchiveWakeListener,
    StoredFilesService,
    SharedStorageCheck,
  ],
  exports: [SignedFileStore, StoredFilesService, ArchiveService],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(SignedFileStore) private readonly store: SignedFileStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof S3SignedFileStore) this.store.destroy();
  }
}
