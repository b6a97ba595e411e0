import { DomainError, ErrorKind } from '../../shared/errors/domain-error';
import { ArchiveStatus, ProcessStatus } from './process-status';

/**
 * The archive of a process (docs/behaviour.md#archive), a small state machine beside the process status:
 * NONE → PENDING (the process COMPLETED: files being fetched) → STORED | FAILED; FAILED → PENDING
 * when an archive retry is requested. Only a COMPLETED process has an archive.
 * (Added for issue 8, storage; the aggregate's archive methods use it.)
 */
export type ArchiveCommand = 'storeArchive' | 'failArchive' | 'retryArchive';

export const ARCHIVE_TRANSITIONS: Readonly<Record<ArchiveStatus, Readonly<Partial<Record<ArchiveCommand, ArchiveStatus>>>>> = {
  NONE: { retryArchive: 'PENDING' }, // a process completed before archiving existed
  PENDING: { storeArchive: 'STORED', failArchive: 'FAILED' },
  // Files that really are all stored win, even over an earlier failure.
  FAILED: { retryArchive: 'PENDING', storeArchive: 'STORED' },
  STORED: {},
};

/** One archived file, as history and the `signing.files.stored` event report it. */
export interface ArchivedFile {
  fileId: string;
  kind: 'SIGNED_DOCUMENT' | 'SIGNATURE_RECORD' | 'SIGNER_ATTACHMENT';
  documentOrder: number;
  sha256: string;
  size: number;
}

/** An archive command the process's state does not allow (409), e.g. retrying a STORED archive. */
export class InvalidArchiveTransitionError extends DomainError {
  readonly code = 'SIGNING_PROCESS.ARCHIVE_INVALID_TRANSITION';
  readonly kind: ErrorKind = 'conflict';

  constructor(status: ProcessStatus, archiveStatus: ArchiveStatus, command: ArchiveCommand) {
    super(
      status !== 'COMPLETED'
        ? `Only a COMPLETED process has an archive (this one is ${status})`
        : `An archive in status ${archiveStatus} does not accept "${command}"${command === 'retryArchive' ? ': only a FAILED archive can be retried' : ''}`,
      { status, archiveStatus, command },
    );
  }
}
