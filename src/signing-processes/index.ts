/**
 * The public surface of the signing-processes module (docs/architecture.md#signing-processes): its facade
 * (commands and queries, including the system re-sync used by reconciliation and the archive's view),
 * the read model and response types other modules render, its tables and the controller the
 * composition root mounts.
 */
export { SigningProcessesService } from './application/signing-processes.service';
export type { SentNotice } from './application/arqsign/send-adoption';
export type { ArqsignFactOutcome } from './application/arqsign/arqsign-fact-ledger';
export { ProcessArchiveService } from './application/process-archive.service';
export { SigningProcessesController } from './api/signing-processes.controller';
export { HistoryEntryResponse, ProcessResponse } from './api/dto/process.response';
export { toHistoryEntryResponse, toProcessResponse } from './api/process-response.mapper';
// The after-commit hook registry: notifications writes its outbox rows in the change's transaction
// through it (docs/architecture.md#known-exceptions: to be replaced by a durable event outbox).
export { ProcessTransactionHooks, type ProcessChange } from './application/process-transaction-hooks';
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
