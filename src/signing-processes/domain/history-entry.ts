import type { ArchivedFile } from './archive';
import type { DeliveryChannel, Origin, ProcessStatus } from './process-status';
import type { ProcessError } from './signing-process.props';

/** A signer's delivery data as changed by a resend. */
export interface SignerEdit {
  signerId: string;
  name?: string;
  email?: string | null;
  phone?: string | null;
  delivery?: DeliveryChannel;
}

/** The data each history entry type carries: typed here, so a wrong shape does not compile. */
export interface HistoryDataMap {
  'process.created': { documents: number; signers: number; restartedFrom: string | null };
  'process.send-deferred': { error: ProcessError };
  'process.send-retried': Record<string, never>;
  'process.sent': { arqsignProcessId: string; adopted: boolean };
  'process.send-failed': { error: ProcessError };
  'process.send-uncertain': { error: ProcessError };
  'signer.signed': { signerId: string; signedAt: string };
  'signer.delivery-failed': { signerId: string; channel: DeliveryChannel };
  'process.refused': { signerId: string | null; reason: string | null };
  'process.cancelled': { reason: string | null; cancelledBy: string | null };
  'process.expired': { expiredAt: string };
  'process.resent': { signerIds: string[]; edits: SignerEdit[]; automatic: boolean };
  'process.completed': { completedAt: string };
  'process.restarted': { restartedTo: string };
  /** Archive (storage, issue 8): every file stored, with size and SHA-256. */
  'archive.stored': { files: ArchivedFile[] };
  /** Archive: retries and the API fallback exhausted; `error` says why. */
  'archive.failed': { error: string };
  /** Archive: a new attempt was requested (`POST …/archive/retry`). */
  'archive.retry-requested': { previousStatus: string; previousError: string | null };
  /** A genuine fact from ArqSIGN that arrived too late (or does not apply): kept, changes nothing. */
  'event.ignored': { event: string; reason: string };
}

export type HistoryType = keyof HistoryDataMap;

export interface HistoryEntry<T extends HistoryType = HistoryType> {
  id: string;
  processId: string;
  type: T;
  fromStatus: ProcessStatus | null;
  toStatus: ProcessStatus | null;
  data: HistoryDataMap[T];
  actor: Origin['actor'];
  source: Origin['source'];
  occurredAt: Date;
  /** The domain event published for this change, if any. */
  eventId: string | null;
}
