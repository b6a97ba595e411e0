import { DomainError, ErrorKind } from '../../shared/errors/domain-error';

/** The process was never sent to ArqSIGN (no ArqSIGN id), or the simulator does not know it. */
export class SandboxProcessUnknownError extends DomainError {
  readonly code = 'SANDBOX.PROCESS_UNKNOWN';
  readonly kind: ErrorKind = 'not_found';
  constructor(message: string) {
    super(message);
  }
}

/** The simulator refused the action in the process's current state (e.g. signing a concluded one). */
export class SandboxActionRefusedError extends DomainError {
  readonly code = 'SANDBOX.ACTION_REFUSED';
  readonly kind: ErrorKind = 'conflict';
  constructor(simulatorMessage: string) {
    super(`The simulator refused the action: ${simulatorMessage}`);
  }
}

/** The simulator did not answer as expected. */
export class SandboxSimulatorFailedError extends DomainError {
  readonly code = 'SANDBOX.SIMULATOR_FAILED';
  readonly kind: ErrorKind = 'upstream_failed';
  constructor(status: number) {
    super(`The sandbox simulator answered ${status}`);
  }
}
