/** Status vocabulary of a signing process and its signers (docs/behaviour.md#statuses). */

export const ProcessStatus = {
  /** Stored; the ArqSIGN send call is in flight (or deferred because ArqSIGN was unreachable). */
  SENDING: 'SENDING',
  /** ArqSIGN accepted it; signers are being asked to sign. */
  IN_PROGRESS: 'IN_PROGRESS',
  COMPLETED: 'COMPLETED',
  REFUSED: 'REFUSED',
  CANCELLED: 'CANCELLED',
  /** Deadline passed; a resend takes it back to IN_PROGRESS. */
  EXPIRED: 'EXPIRED',
  /** ArqSIGN rejected the send; `error` keeps its message. */
  SEND_FAILED: 'SEND_FAILED',
  /** The send timed out: ArqSIGN may or may not have created it. Never re-sent on its own. */
  SEND_UNCERTAIN: 'SEND_UNCERTAIN',
} as const;
export type ProcessStatus = (typeof ProcessStatus)[keyof typeof ProcessStatus];
export const PROCESS_STATUSES = Object.values(ProcessStatus);

/** Terminal statuses never move again. */
export const TERMINAL_STATUSES: readonly ProcessStatus[] = [
  ProcessStatus.COMPLETED,
  ProcessStatus.REFUSED,
  ProcessStatus.CANCELLED,
  ProcessStatus.SEND_FAILED,
];

export const SignerStatus = {
  PENDING: 'PENDING',
  SIGNED: 'SIGNED',
  REFUSED: 'REFUSED',
  DELIVERY_FAILED: 'DELIVERY_FAILED',
} as const;
export type SignerStatus = (typeof SignerStatus)[keyof typeof SignerStatus];

/** `SIGN`: signs online; `COPY`: only receives a copy. */
export const SignerAction = { SIGN: 'SIGN', COPY: 'COPY' } as const;
export type SignerAction = (typeof SignerAction)[keyof typeof SignerAction];

/** The channel ArqSIGN delivers the invitation through (one contact per recipient). */
export const DeliveryChannel = { EMAIL: 'EMAIL', WHATSAPP: 'WHATSAPP' } as const;
export type DeliveryChannel = (typeof DeliveryChannel)[keyof typeof DeliveryChannel];

/** ArqSIGN `assinarComo`: as a natural person, as a company, or both. */
export const SignAs = { PERSON: 'PERSON', COMPANY: 'COMPANY', BOTH: 'BOTH' } as const;
export type SignAs = (typeof SignAs)[keyof typeof SignAs];

/** ArqSIGN `idTipoAssinatura`: electronic (1), ICP-Brasil certificate (3), other certificate (4). */
export const SignatureType = { ELECTRONIC: 'ELECTRONIC', ICP_BRASIL: 'ICP_BRASIL', OTHER_CERTIFICATE: 'OTHER_CERTIFICATE' } as const;
export type SignatureType = (typeof SignatureType)[keyof typeof SignatureType];

export const ArchiveStatus = { NONE: 'NONE', PENDING: 'PENDING', STORED: 'STORED', FAILED: 'FAILED' } as const;
export type ArchiveStatus = (typeof ArchiveStatus)[keyof typeof ArchiveStatus];

/** Where a change came from (history `source`). */
export const ChangeSource = { API: 'api', WEBHOOK: 'webhook', SYNC: 'sync', POLICY: 'policy', OPERATOR: 'operator' } as const;
export type ChangeSource = (typeof ChangeSource)[keyof typeof ChangeSource];
export const CHANGE_SOURCES = Object.values(ChangeSource);

/** Who caused a change, and through which door. */
export interface Origin {
  source: ChangeSource;
  /** API client name, `arqsign`, or `system`. */
  actor: string;
}

/** Facts reported by ArqSIGN (webhook, sync) are observations; the rest are requests. */
export function isObservation(origin: Origin): boolean {
  return origin.source === ChangeSource.WEBHOOK || origin.source === ChangeSource.SYNC;
}
