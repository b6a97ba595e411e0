import { Injectable } from '@nestjs/common';
import type { ArchivedFile } from '../domain/archive';
import { ChangeSource, Origin } from '../domain/process-status';
import type { SigningProcess } from '../domain/signing-process';
import type { SigningProcessProps } from '../domain/signing-process.props';
import { PendingArchivesQuery } from '../infrastructure/pending-archives.query';
import { ProcessMutator } from './process-mutator';
import { SigningProcessRepository } from './signing-process.repository';

/** The archive job is automatic behaviour of the system (history source `policy`). */
const ARCHIVE_JOB: Origin = { source: ChangeSource.POLICY, actor: 'system' };

/**
 * The archive status of a process (docs/behaviour.md#archive), changed for the storage module (issue 8):
 * every change goes through the aggregate, its history and its events, like any other.
 */
@Injectable()
export class ProcessArchiveService {
  constructor(
    private readonly mutator: ProcessMutator,
    private readonly repository: SigningProcessRepository,
    private readonly pending: PendingArchivesQuery,
  ) {}

  /** The process as the archive job needs it (any client), or null when it does not exist. */
  async find(processId: string): Promise<SigningProcessProps | null> {
    return (await this.repository.findById(processId))?.snapshot() ?? null;
  }

  /** The process of `clientName` (another client's is a 404, like every route). */
  async findOwned(clientName: string, processId: string): Promise<SigningProcessProps> {
    return (await this.mutator.load(processId, clientName)).snapshot();
  }

  /** Ids of COMPLETED processes whose archive is PENDING and unchanged since `before` (the archive's recovery sweep). */
  pendingArchives(before: Date, limit: number): Promise<string[]> {
    return this.pending.list(before, limit);
  }

  markStored(processId: string, files: ArchivedFile[]): Promise<SigningProcess> {
    return this.mutator.mutate(processId, undefined, (process) => process.markArchiveStored(files, ARCHIVE_JOB, new Date()));
  }

  markFailed(processId: string, error: string): Promise<SigningProcess> {
    return this.mutator.mutate(processId, undefined, (process) => process.markArchiveFailed(error, ARCHIVE_JOB, new Date()));
  }

  /** `POST /v1/processes/{id}/archive/retry`: FAILED → PENDING (409 otherwise). */
  requestRetry(clientName: string, processId: string): Promise<SigningProcess> {
    return this.mutator.mutate(processId, clientName, (process) => process.retryArchive({ source: ChangeSource.API, actor: clientName }, new Date()));
  }
}
