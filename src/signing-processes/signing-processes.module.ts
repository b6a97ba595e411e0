import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { DeferredSendWorker } from './application/deferred-send.job';
import { SendRetryScheduler } from './application/send-retry.scheduler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArqsignClientModule } from '../arqsign-client/arqsign-client.module';
import { ProcessArchiveService } from './application/process-archive.service';
import { ProcessEventsPublisher } from './application/process-events.publisher';
import { ProcessMutator } from './application/process-mutator';
import { ProcessSender } from './application/process-sender';
import { ProcessSynchronizer } from './application/process-synchronizer';
import { ProcessTransactionHooks } from './application/process-transaction-hooks';
import { SigningProcessesService } from './application/signing-processes.service';
import { SigningProcessRepository } from './application/signing-process.repository';
import { SIGNING_PROCESS_ENTITIES } from './infrastructure/entities';
import { PendingArchivesQuery } from './infrastructure/pending-archives.query';
import { TypeOrmSigningProcessRepository } from './infrastructure/typeorm-signing-process.repository';

/**
 * The SigningProcess aggregate, its history, and the use cases behind /v1/processes. The
 * controller (`api/signing-processes.controller.ts`) is mounted by SigningModule so a host can
 * leave it unmounted. Exports the service and the synchronizer, whose `apply` the webhook
 * handler uses to apply ArqSIGN facts (source `webhook`).
 */
@Module({
  imports: [TypeOrmModule.forFeature(SIGNING_PROCESS_ENTITIES), ArqsignClientModule, JobsModule],
  providers: [
    { provide: SigningProcessRepository, useClass: TypeOrmSigningProcessRepository },
    ProcessEventsPublisher,
    ProcessMutator,
    ProcessSender,
    ProcessSynchronizer,
    SigningProcessesService,
    ProcessArchiveService,
    PendingArchivesQuery,
    ProcessTransactionHooks,
    SendRetryScheduler,
    DeferredSendWorker,
  ],
  exports: [SigningProcessesService, ProcessSynchronizer, SigningProcessRepository, ProcessArchiveService, ProcessTransactionHooks],
})
export class SigningProcessesModule {}
