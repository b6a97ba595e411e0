import { Module } from '@nestjs/common';
import { AdvisoryLocks } from '../jobs/advisory-locks';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { ArqsignFactLedger } from './application/arqsign/arqsign-fact-ledger';
import { ArqsignFactsConsumer } from './application/arqsign/arqsign-facts.consumer';
import { ResyncJobs } from './application/arqsign/resync.job';
import { SendAdoption } from './application/arqsign/send-adoption';
import { ReactionMetrics } from './application/reactions/reaction-metrics';
import { ReactionRunner } from './application/reactions/reaction-runner';
import { ReactionScheduler } from './application/reactions/reaction-scheduler';
import { ReactionStore } from './application/reactions/reaction-store';
import { ReactionSweeper } from './application/reactions/reaction-sweeper';
import { DeferredSendWorker } from './application/deferred-send.job';
import { SendRetryScheduler } from './application/send-retry.scheduler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArqsignClientModule } from '../arqsign-client/arqsign-client.module';
import { ProcessArchiveService } from './application/process-archive.service';
import { ProcessEventsPublisher } from './application/process-events.publisher';
import { ProcessMutator } from './application/process-mutator';
import { ProcessSender } from './application/process-sender';
import { ProcessSynchronizer } from './application/process-synchronizer';
import { SigningProcessesService } from './application/signing-processes.service';
import { SigningProcessRepository } from './application/signing-process.repository';
import { SyncChecks } from './application/sync-checks';
import { SIGNING_PROCESS_ENTITIES } from './infrastructure/entities';
import { PendingArchivesQuery } from './infrastructure/pending-archives.query';
import { PostgresSyncChecks } from './infrastructure/sync-checks.query';
import { TypeOrmArqsignFactLedger } from './infrastructure/typeorm-arqsign-fact.ledger';
import { TypeOrmSigningProcessRepository } from './infrastructure/typeorm-signing-process.repository';

/**
 * The SigningProcess aggregate, its history, and the use cases behind /v1/processes. The
 * controller (`api/signing-processes.controller.ts`) is mounted by SigningModule so a host can
 * leave it unmounted. Consumes the `arqsign.*` events of the webhooks module (applying them to
 * the aggregate) and its own `signing.process.changed` (planning the automatic reactions).
 */
@Module({
  imports: [TypeOrmModule.forFeature(SIGNING_PROCESS_ENTITIES), ArqsignClientModule, JobsModule, EventsModule],
  providers: [
    { provide: SigningProcessRepository, useClass: TypeOrmSigningProcessRepository },
    ProcessEventsPublisher,
    ProcessMutator,
    ProcessSender,
    ProcessSynchronizer,
    SigningProcessesService,
    ProcessArchiveService,
    PendingArchivesQuery,
    // When each process was last checked against ArqSIGN (`signing.reconcile_check`), for reconciliation.
    { provide: SyncChecks, useClass: PostgresSyncChecks },
    SendRetryScheduler,
    DeferredSendWorker,
    // The arqsign.* facts from the webhooks module (docs/architecture.md#events).
    { provide: ArqsignFactLedger, useClass: TypeOrmArqsignFactLedger },
    SendAdoption,
    ArqsignFactsConsumer,
    ResyncJobs,
    // The automatic reactions (docs/architecture.md#automatic-reactions).
    AdvisoryLocks,
    ReactionStore,
    ReactionScheduler,
    ReactionRunner,
    ReactionSweeper,
    ReactionMetrics,
  ],
  exports: [SigningProcessesService, ProcessArchiveService],
})
export class SigningProcessesModule {}
