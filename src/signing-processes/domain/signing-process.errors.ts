import { DomainError, ErrorKind } from '../../shared/errors/domain-error';
import type { ProcessStatus } from './process-status';
import type { ProcessCommand } from './transitions';

/** A command the process's current status does not allow (409). */
export class InvalidTransitionError extends DomainError {
  readonly code = 'SIGNING_PROCESS.INVALID_TRANSITION';
  readonly kind: ErrorKind = 'conflict';

  constructor(
    readonly status: ProcessStatus,
    readonly command: ProcessCommand,
    reason?: string,
  ) {
    super(reason ?? `A ${status} process does not accept "${command}"`, { status, command });
  }
}

/** Unknown process, or one that belongs to another API client: both are a 404. */
export class SigningProcessNotFoundError extends DomainError {
  readonly code = 'SIGNING_PROCESS.NOT_FOUND';
  readonly kind: ErrorKind = 'not_found';

  constructor(id: string) {
    super(`Signing process ${id} not found`);
  }
}

/** A signer id that is not part of the process. */
export class SignerNotFoundError extends DomainError {
  readonly code = 'SIGNING_PROCESS.SIGNER_NOT_FOUND';
  readonly kind: ErrorKind = 'invalid_input';

  constructor(signerId: string) {
    super(`Signer ${signerId} is not part of this process`, { signerId });
  }
}
