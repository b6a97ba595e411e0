import { ProcessStatus } from './process-status';

/** Every command that may change a process, one per intent method of `SigningProcess`. */
export const PROCESS_COMMANDS = [
  'markSent',
  'markSendFailed',
  'markSendUncertain',
  'deferSend',
  'retrySend',
  'recordSignature',
  'recordDeliveryFailure',
  'recordRefusal',
  'cancel',
  'expire',
  'recordResend',
  'complete',
  'markRestarted',
] as const;
export type ProcessCommand = (typeof PROCESS_COMMANDS)[number];

const { SENDING, IN_PROGRESS, COMPLETED, REFUSED, CANCELLED, EXPIRED, SEND_FAILED, SEND_UNCERTAIN } = ProcessStatus;

/**
 * The state machine (docs/behaviour.md#statuses): status → command → next status. A missing cell is an
 * illegal move. Terminal statuses accept nothing but `markRestarted`, which only links the new
 * process and keeps the status. Signatures, delivery failures and refusals that happened before
 * the deadline may still arrive after it, so EXPIRED accepts them.
 */
export const TRANSITIONS: Readonly<Record<ProcessStatus, Readonly<Partial<Record<ProcessCommand, ProcessStatus>>>>> = {
  [SENDING]: {
    markSent: IN_PROGRESS,
    markSendFailed: SEND_FAILED,
    markSendUncertain: SEND_UNCERTAIN,
    deferSend: SENDING,
    retrySend: SENDING,
  },
  // Resolved by adopting the ArqSIGN process that was created, or by an operator declaring it never arrived.
  [SEND_UNCERTAIN]: { markSent: IN_PROGRESS, markSendFailed: SEND_FAILED },
  [IN_PROGRESS]: {
    recordSignature: IN_PROGRESS,
    recordDeliveryFailure: IN_PROGRESS,
    recordRefusal: REFUSED,
    cancel: CANCELLED,
    expire: EXPIRED,
    recordResend: IN_PROGRESS,
    complete: COMPLETED,
  },
  [EXPIRED]: {
    recordSignature: EXPIRED,
    recordDeliveryFailure: EXPIRED,
    recordRefusal: REFUSED,
    cancel: CANCELLED,
    recordResend: IN_PROGRESS,
    complete: COMPLETED,
    markRestarted: EXPIRED,
  },
  [COMPLETED]: {},
  [REFUSED]: { markRestarted: REFUSED },
  [CANCELLED]: { markRestarted: CANCELLED },
  [SEND_FAILED]: { markRestarted: SEND_FAILED },
};

export function nextStatus(status: ProcessStatus, command: ProcessCommand): ProcessStatus | undefined {
  return TRANSITIONS[status][command];
}
