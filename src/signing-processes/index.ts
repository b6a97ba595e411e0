/**
 * The public surface of the signing-processes module (docs/architecture.md#public-surfaces): its facade
 * (commands and queries, including the system re-sync and the sync checks used by reconciliation, and the archive's view),
 * the read model and response types other modules render, its tables and the controller the
 * composition root mounts.
 */
export { SigningProcessesService } from './application/signing-processes.service';
export type { SentNotice } from './application/arqsign/send-adoption';
export type { ArqsignFactOutcome } from './application/arqsign/arqsign-fact-ledger';
// The facade's sync checks (`dueForSync`, `recordSyncCheck`): reconciliation's worklist and record.
export { DueReason, type CheckOutcome, type CheckRecord, type DueProcess, type DueQuery } from './application/sync-checks';
export { ProcessArchiveService } from './application/process-archive.service';
export { SigningProcessesController } from './api/signing-processes.controller';
export { HistoryEntryResponse, ProcessResponse } from './api/dto/process.response';
export { toHistoryEntryResponse, toProcessResponse } from './api/process-response.mapper';
// The durable event of every saved change (docs/durable-events.md#signingprocesschanged).
export { PROCESS_CHANGED, readProcessChange, type ChangeCause, type ProcessChangedPayload } from './application/process-changed.event';
export type { HistoryEntry, HistoryType } from './domain/history-entry';
export { SIGNING_PROCESS_ENTITIES } from './infrastructure/entities';
export { ArchiveStatus, ChangeSource, ProcessStatus, type Origin } from './domain/process-status';
export { SigningProcess } from './domain/signing-process';
export type { SigningProcessProps } from './domain/signing-process.props';
export type { ArchivedFile } from './domain/archive';
export {
  AutomaticReaction,
  plannedReactions,
  otherChannel,
  resendsThroughOtherChannel,
  type AutomaticReactionSettings,
  type PlannedReaction,
  type ReactionsSoFar,
} from './domain/automatic-reactions.policy';
