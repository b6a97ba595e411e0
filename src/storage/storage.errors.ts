import { DomainError, ErrorKind } from '../shared/errors/domain-error';

/** No such stored file in this process (or the process is another client's). */
export class StoredFileNotFoundError extends DomainError {
  readonly code = 'STORAGE.FILE_NOT_FOUND';
  readonly kind: ErrorKind = 'not_found';

  constructor(fileId: string) {
    super(`Stored file ${fileId} not found`);
  }
}

/** The file is recorded but its bytes cannot be read from the store right now. */
export class StoredFileUnavailableError extends DomainError {
  readonly code = 'STORAGE.FILE_UNAVAILABLE';
  readonly kind: ErrorKind = 'unavailable';

  constructor(fileId: string) {
    super(`Stored file ${fileId} cannot be read from storage right now`);
  }
}
