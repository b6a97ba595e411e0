import { DomainError, ErrorKind } from '../../shared/errors/domain-error';

/** The same Idempotency-Key was used with a different body (422). */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'SIGNING_PROCESS.IDEMPOTENCY_KEY_REUSED';
  readonly kind: ErrorKind = 'unprocessable';

  constructor() {
    super('This Idempotency-Key was already used with a different request body');
  }
}

/** The process kept changing while we tried to apply a change (409; try again). */
export class ProcessBusyError extends DomainError {
  readonly code = 'SIGNING_PROCESS.CONCURRENT_MODIFICATION';
  readonly kind: ErrorKind = 'conflict';

  constructor(processId: string) {
    super(`Signing process ${processId} is being changed by another request; try again`);
  }
}

/** A sync of a process that ArqSIGN does not know by id (an uncertain send): adopt an id first. */
export class ProcessNotLinkedError extends DomainError {
  readonly code = 'SIGNING_PROCESS.NOT_LINKED';
  readonly kind: ErrorKind = 'conflict';

  constructor() {
    super('This process has no ArqSIGN id (its send is uncertain). Sync with "arqsignProcessId" to adopt the ArqSIGN process that was created, after checking it in ArqSIGN');
  }
}

/** The ArqSIGN process offered for adoption is not this process (name or recipients differ). */
export class AdoptionMismatchError extends DomainError {
  readonly code = 'SIGNING_PROCESS.ADOPTION_MISMATCH';
  readonly kind: ErrorKind = 'unprocessable';

  constructor(reason: string) {
    super(`The ArqSIGN process cannot be adopted: ${reason}`);
  }
}

/** Sending needs ArqSIGN's responsible user and folder (ARQSIGN_RESPONSIBLE_ID / ARQSIGN_FOLDER_ID). */
export class ArqsignDefaultsMissingError extends DomainError {
  readonly code = 'SIGNING_PROCESS.ARQSIGN_NOT_CONFIGURED';
  readonly kind: ErrorKind = 'unavailable';

  constructor(missing: string[]) {
    super(`Cannot send to ArqSIGN: ${missing.join(' and ')} not configured`, { missing });
  }
}

/** The PDFs exceed the configured size caps (413), with the limit named in `details`. */
export class ProcessTooLargeError extends DomainError {
  readonly code = 'SIGNING_PROCESS.TOO_LARGE';
  readonly kind: ErrorKind = 'payload_too_large';

  constructor(readonly fields: { field: string; problem: string }[]) {
    super(`Documents too large: ${fields.map((f) => `${f.field} ${f.problem}`).join('; ')}`, fields);
  }
}
