import type { EntityManager } from 'typeorm';
import type { HistoryEntry } from '../domain/history-entry';
import type { ProcessStatus } from '../domain/process-status';
import type { SigningProcess } from '../domain/signing-process';
import type { ChangeCause } from './process-changed.event';

export interface ProcessCursor {
  createdAt: Date;
  id: string;
}

export interface ProcessListFilter {
  clientName: string;
  statuses?: ProcessStatus[];
  externalId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Rows strictly older than this one (newest first). */
  after?: ProcessCursor;
  limit: number;
}

export interface IdempotencyRecord {
  clientName: string;
  key: string;
  /** SHA-256 of the canonical request body. */
  requestHash: string;
  processId: string;
}

export interface SaveOptions {
  /**
   * The caller's open transaction: the change is saved (and its `signing.process.changed` event
   * published) inside it instead of in a transaction of its own; it commits or rolls back with it.
   */
  transaction?: EntityManager;
  /** What caused the change, carried by its `signing.process.changed` event. */
  cause?: ChangeCause;
}

export interface InsertOptions {
  /** Stored in the same transaction; a key already taken raises `IdempotencyKeyTakenError`. */
  idempotency?: IdempotencyRecord;
  /** The process a restart came from (now linked to the new one), saved in the same transaction. */
  restartedFrom?: SigningProcess;
  cause?: ChangeCause;
}

/**
 * Persistence port of the SigningProcess aggregate (the DI token). Every write stores the state
 * and the new history entries in one transaction, with one durable `signing.process.changed`
 * event per changed process (docs/durable-events.md); `save` is guarded by the aggregate's version.
 */
export abstract class SigningProcessRepository {
  /** A new process with its signers, documents, the documents' bytes (by document id) and history. */
  abstract insert(process: SigningProcess, contents: ReadonlyMap<string, Buffer>, options?: InsertOptions): Promise<void>;

  /** State + new history; throws `ConcurrentModificationError` if someone saved it since it was loaded. */
  abstract save(process: SigningProcess, options?: SaveOptions): Promise<void>;

  /** With `clientName`, only that client's process (another client's is "not found"). */
  abstract findById(id: string, clientName?: string): Promise<SigningProcess | null>;

  abstract findByArqsignProcessId(arqsignProcessId: string): Promise<SigningProcess | null>;

  /** Newest first; one more row than `limit` is never returned, `hasMore` says whether there are more. */
  abstract list(filter: ProcessListFilter): Promise<{ items: SigningProcess[]; hasMore: boolean }>;

  /** The whole timeline, oldest first. */
  abstract history(processId: string): Promise<HistoryEntry[]>;

  /** The original PDFs, by document id. */
  abstract documentContents(processId: string): Promise<Map<string, Buffer>>;

  abstract findIdempotencyKey(clientName: string, key: string): Promise<IdempotencyRecord | null>;

  /**
   * SEND_UNCERTAIN processes whose send started in [from, to] with this exact name: the candidates
   * a "sent" webhook may resolve (docs/behaviour.md#uncertain-sends).
   */
  abstract uncertainSendCandidates(name: string, from: Date, to: Date): Promise<string[]>;

  /** Which of these ArqSIGN process ids (lower case) are linked to a process of ours. */
  abstract linkedArqsignProcessIds(arqsignProcessIds: readonly string[]): Promise<string[]>;

  /** Our process ids by ArqSIGN process id (lower case), for those of these that are linked: one query. */
  abstract processIdsOfArqsign(arqsignProcessIds: readonly string[]): Promise<Map<string, string>>;
}

/** Raised by `save` when the stored version moved on: load again and re-apply. */
export class ConcurrentModificationError extends Error {
  constructor(readonly processId: string) {
    super(`Signing process ${processId} was modified concurrently`);
  }
}

/** Raised by `insert` when another request stored the same idempotency key first. */
export class IdempotencyKeyTakenError extends Error {
  constructor() {
    super('Idempotency key already taken');
  }
}
