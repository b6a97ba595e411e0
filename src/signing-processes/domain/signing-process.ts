import { randomUUID } from 'node:crypto';
import type { SignerRef, SigningEventName } from '../../shared/events/event-map';
import { ARCHIVE_TRANSITIONS, ArchiveCommand, ArchivedFile, InvalidArchiveTransitionError } from './archive';
import type { EventData, PendingDomainEvent } from './domain-event';
import type { HistoryDataMap, HistoryEntry, HistoryType, SignerEdit } from './history-entry';
import type { ArqsignObservation } from './observations';
import { ArchiveStatus, DeliveryChannel, isObservation, Origin, ProcessStatus, SignerAction, SignerStatus } from './process-status';
import { InvalidTransitionError, SignerNotFoundError } from './signing-process.errors';
import type { DocumentProps, ProcessError, ProcessSettings, SignerOptions, SignerProps, SigningProcessProps } from './signing-process.props';
import { nextStatus, ProcessCommand } from './transitions';

export interface NewSigner {
  name: string;
  email: string | null;
  phone: string | null;
  order: number | null;
  action: SignerAction;
  delivery: DeliveryChannel;
  options: SignerOptions;
}

export interface NewDocument {
  fileName: string;
  order: number;
  size: number;
  sha256: string;
}

export interface NewProcess {
  clientName: string;
  name: string;
  externalId: string | null;
  signers: NewSigner[];
  documents: NewDocument[];
  settings: ProcessSettings;
  metadata: Record<string, unknown> | null;
  restartedFrom?: string | null;
}

/** What ArqSIGN answered to the send, already matched to our signer and document ids. */
export interface SentProcess {
  arqsignProcessId: string;
  signers: { signerId: string; arqsignSignerId: string }[];
  documents: { documentId: string; arqsignDocumentId: string }[];
  /** True when an operator or sync adopted the ArqSIGN process of an uncertain send. */
  adopted?: boolean;
}

export interface Resend {
  /** Our ids of the signers ArqSIGN re-delivered to. */
  signerIds: string[];
  edits: SignerEdit[];
  automatic: boolean;
}

/**
 * The SigningProcess aggregate: the state machine of docs/behaviour.md#statuses in plain TypeScript.
 * Each intent method checks the TRANSITIONS table, mutates, and records one history entry
 * plus (for most) one domain event. A request that the status does not allow throws
 * `InvalidTransitionError`; a fact observed at ArqSIGN (webhook, sync) that no longer applies is
 * recorded as `event.ignored` instead, because it did happen and the history must say so.
 */
export class SigningProcess {
  private readonly newHistory: HistoryEntry[] = [];
  private events: PendingDomainEvent[] = [];

  private constructor(private readonly props: SigningProcessProps) {}

  /** A new process, stored as SENDING before ArqSIGN is called. */
  static send(input: NewProcess, origin: Origin, now: Date): SigningProcess {
    const process = new SigningProcess({
      id: randomUUID(),
      clientName: input.clientName,
      name: input.name,
      externalId: input.externalId,
      status: ProcessStatus.SENDING,
      arqsignProcessId: null,
      signers: input.signers.map((signer) => ({
        ...signer,
        id: randomUUID(),
        status: SignerStatus.PENDING,
        signedAt: null,
        refusalReason: null,
        arqsignSignerId: null,
        signature: null,
      })),
      documents: input.documents.map((document) => ({ ...document, id: randomUUID(), arqsignDocumentId: null })),
      settings: input.settings,
      metadata: input.metadata,
      error: null,
      refusal: null,
      archive: { status: ArchiveStatus.NONE, error: null },
      restartedFrom: input.restartedFrom ?? null,
      restartedTo: null,
      sendAttemptedAt: now,
      sendDeferred: false,
      expiredAt: null,
      completedAt: null,
      cancelledAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    process.record('process.created', null, origin, now, {
      documents: input.documents.length,
      signers: input.signers.length,
      restartedFrom: process.props.restartedFrom,
    });
    return process;
  }

  /** Rebuilds a stored process (no history, no events). */
  static restore(props: SigningProcessProps): SigningProcess {
    return new SigningProcess(structuredClone(props));
  }

  /** `restore` without the copy: for a repository handing over props it has just built from rows and keeps no reference to. */
  static restoreOwned(props: SigningProcessProps): SigningProcess {
    return new SigningProcess(props);
  }

  get id(): string {
    return this.props.id;
  }
  get status(): ProcessStatus {
    return this.props.status;
  }
  get clientName(): string {
    return this.props.clientName;
  }
  get arqsignProcessId(): string | null {
    return this.props.arqsignProcessId;
  }
  get version(): number {
    return this.props.version;
  }
  /** The deadline of the recorded expiry (null unless EXPIRED). */
  get expiredAt(): Date | null {
    return this.props.expiredAt;
  }
  get signers(): readonly Readonly<SignerProps>[] {
    return this.props.signers;
  }
  get documents(): readonly Readonly<DocumentProps>[] {
    return this.props.documents;
  }

  /** A copy of the whole state, for mappers and read models. */
  snapshot(): SigningProcessProps {
    return structuredClone(this.props);
  }

  /** The whole state without a copy, to read at once (a response mapper); never to mutate or keep: `snapshot()` is for that. */
  view(): Readonly<SigningProcessProps> {
    return this.props;
  }

  /** History entries added since the process was loaded; the repository stores them with the state. */
  get uncommittedHistory(): readonly HistoryEntry[] {
    return this.newHistory;
  }

  get hasChanges(): boolean {
    return this.newHistory.length > 0;
  }

  /** Called by the repository once state and history are committed. */
  markSaved(version: number): void {
    this.props.version = version;
    this.newHistory.length = 0;
  }

  /** Events to publish after the commit; each is handed out once. */
  pullEvents(): PendingDomainEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  can(command: ProcessCommand): boolean {
    return nextStatus(this.props.status, command) !== undefined;
  }

  /** Throws the error a request would get, without changing anything (checked before calling ArqSIGN). */
  assertCan(command: ProcessCommand): void {
    if (!this.can(command)) throw new InvalidTransitionError(this.props.status, command);
    if (command === 'markRestarted' && this.props.restartedTo) {
      throw new InvalidTransitionError(this.props.status, command, `Already restarted as ${this.props.restartedTo}`);
    }
    if (command === 'retrySend' && !this.props.sendDeferred) {
      throw new InvalidTransitionError(this.props.status, command, 'The last send attempt may have reached ArqSIGN: it is never repeated blindly');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Sending

  markSent(sent: SentProcess, origin: Origin, at: Date): void {
    if (!this.enter('markSent', origin, at)) return;
    const from = this.props.status;
    this.props.arqsignProcessId = sent.arqsignProcessId;
    for (const link of sent.signers) this.signer(link.signerId).arqsignSignerId = link.arqsignSignerId;
    for (const link of sent.documents) {
      const document = this.props.documents.find((d) => d.id === link.documentId);
      if (document) document.arqsignDocumentId = link.arqsignDocumentId;
    }
    this.props.error = null;
    this.props.sendDeferred = false;
    this.move('markSent', from, origin, at, 'process.sent', { arqsignProcessId: sent.arqsignProcessId, adopted: sent.adopted ?? false }, [
      'signing.process.sent',
      { arqsignProcessId: sent.arqsignProcessId },
    ]);
  }

  markSendFailed(error: ProcessError, origin: Origin, at: Date): void {
    if (!this.enter('markSendFailed', origin, at)) return;
    const from = this.props.status;
    this.props.error = error;
    this.props.sendDeferred = false;
    this.move('markSendFailed', from, origin, at, 'process.send-failed', { error }, ['signing.process.send-failed', { error: error.message, uncertain: false }]);
  }

  markSendUncertain(error: ProcessError, origin: Origin, at: Date): void {
    if (!this.enter('markSendUncertain', origin, at)) return;
    const from = this.props.status;
    this.props.error = error;
    this.props.sendDeferred = false;
    this.move('markSendUncertain', from, origin, at, 'process.send-uncertain', { error }, [
      'signing.process.send-failed',
      { error: error.message, uncertain: true },
    ]);
  }

  /** ArqSIGN was certainly not reached (down, rate limited): stays SENDING, safe to send again. */
  deferSend(error: ProcessError, origin: Origin, at: Date): void {
    if (!this.enter('deferSend', origin, at)) return;
    const from = this.props.status;
    this.props.error = error;
    this.props.sendDeferred = true;
    this.move('deferSend', from, origin, at, 'process.send-deferred', { error });
  }

  /** Claims a new send attempt of a deferred send (the version check makes it one claimant). */
  retrySend(origin: Origin, at: Date): void {
    this.assertCan('retrySend');
    const from = this.props.status;
    this.props.sendDeferred = false;
    this.props.sendAttemptedAt = at;
    this.move('retrySend', from, origin, at, 'process.send-retried', {});
  }

  /** A SENDING process whose attempt started long ago and has no outcome (e.g. we crashed mid-call). */
  isSendStale(now: Date, maxCallMs: number): boolean {
    const startedAt = this.props.sendAttemptedAt?.getTime() ?? this.props.createdAt.getTime();
    return this.props.status === ProcessStatus.SENDING && !this.props.sendDeferred && now.getTime() - startedAt > maxCallMs;
  }

  // ------------------------------------------------------------------------------------------
  // Signers

  recordSignature(signerId: string, signature: { signedAt: Date; data: Record<string, unknown> | null }, origin: Origin): void {
    const signer = this.signer(signerId);
    if (signer.status === SignerStatus.SIGNED) return; // the same signature again: nothing new
    if (signer.action !== SignerAction.SIGN) return this.ignore('recordSignature', origin, signature.signedAt, `signer ${signerId} only receives a copy`);
    if (!this.enter('recordSignature', origin, signature.signedAt)) return;
    const from = this.props.status;
    signer.status = SignerStatus.SIGNED;
    signer.signedAt = signature.signedAt;
    signer.signature = signature.data;
    signer.refusalReason = null;
    const signedAt = signature.signedAt.toISOString();
    this.move('recordSignature', from, origin, signature.signedAt, 'signer.signed', { signerId, signedAt }, [
      'signing.signer.signed',
      { signer: signerRef(signer), signedAt },
    ]);
  }

  recordDeliveryFailure(signerId: string, origin: Origin, at: Date): void {
    const signer = this.signer(signerId);
    if (signer.status === SignerStatus.DELIVERY_FAILED) return; // already known; a resend resets it
    if (signer.status !== SignerStatus.PENDING) return this.ignore('recordDeliveryFailure', origin, at, `signer ${signerId} is ${signer.status}`);
    if (!this.enter('recordDeliveryFailure', origin, at)) return;
    const from = this.props.status;
    signer.status = SignerStatus.DELIVERY_FAILED;
    this.move('recordDeliveryFailure', from, origin, at, 'signer.delivery-failed', { signerId, channel: signer.delivery }, [
      'signing.signer.delivery-failed',
      { signer: signerRef(signer), channel: signer.delivery },
    ]);
  }

  recordRefusal(signerId: string | null, reason: string | null, origin: Origin, at: Date): void {
    const signer = signerId ? this.signer(signerId) : null;
    if (!this.enter('recordRefusal', origin, at)) return;
    const from = this.props.status;
    if (signer) {
      signer.status = SignerStatus.REFUSED;
      signer.refusalReason = reason;
    }
    this.props.refusal = { signerId, reason };
    this.move('recordRefusal', from, origin, at, 'process.refused', { signerId, reason }, [
      'signing.process.refused',
      { signer: signer ? signerRef(signer) : null, reason },
    ]);
  }

  // ------------------------------------------------------------------------------------------
  // Process

  cancel(reason: string | null, cancelledBy: string | null, origin: Origin, at: Date): void {
    if (!this.enter('cancel', origin, at)) return;
    const from = this.props.status;
    this.props.cancelledAt = at;
    this.move('cancel', from, origin, at, 'process.cancelled', { reason, cancelledBy }, ['signing.process.cancelled', { reason }]);
  }

  expire(expiredAt: Date, origin: Origin): void {
    if (!this.enter('expire', origin, expiredAt)) return;
    const from = this.props.status;
    this.props.expiredAt = expiredAt;
    const at = expiredAt.toISOString();
    this.move('expire', from, origin, expiredAt, 'process.expired', { expiredAt: at }, ['signing.process.expired', { expiredAt: at }]);
  }

  /** ArqSIGN re-delivered to pending signers (renewing links and the deadline), with optional edits. */
  recordResend(resend: Resend, origin: Origin, at: Date): void {
    if (!this.enter('recordResend', origin, at)) return;
    const from = this.props.status;
    for (const edit of resend.edits) applyEdit(this.signer(edit.signerId), edit);
    for (const signerId of resend.signerIds) {
      const signer = this.signer(signerId);
      if (signer.status === SignerStatus.DELIVERY_FAILED) signer.status = SignerStatus.PENDING;
    }
    this.props.expiredAt = null;
    this.move('recordResend', from, origin, at, 'process.resent', { signerIds: resend.signerIds, edits: resend.edits, automatic: resend.automatic }, [
      'signing.process.resent',
      { signerIds: resend.signerIds, automatic: resend.automatic },
    ]);
  }

  complete(completedAt: Date, origin: Origin): void {
    if (!this.enter('complete', origin, completedAt)) return;
    const from = this.props.status;
    this.props.completedAt = completedAt;
    this.props.archive = { status: ArchiveStatus.PENDING, error: null }; // the archive job starts (storage, issue 8)
    const at = completedAt.toISOString();
    this.move('complete', from, origin, completedAt, 'process.completed', { completedAt: at }, ['signing.process.completed', { completedAt: at }]);
  }

  /** Links the new process a restart created; the status stays. */
  markRestarted(newProcessId: string, origin: Origin, at: Date): void {
    this.assertCan('markRestarted');
    const from = this.props.status;
    this.props.restartedTo = newProcessId;
    this.move('markRestarted', from, origin, at, 'process.restarted', { restartedTo: newProcessId });
  }

  // ------------------------------------------------------------------------------------------
  // Archive of the signed files (docs/behaviour.md#archive; ARCHIVE_TRANSITIONS in ./archive)

  get archiveStatus(): ArchiveStatus {
    return this.props.archive.status;
  }

  /** Every signed document and signature record is stored. Already STORED: nothing new. */
  markArchiveStored(files: ArchivedFile[], origin: Origin, at: Date): void {
    if (this.props.archive.status === ArchiveStatus.STORED) return;
    this.enterArchive('storeArchive');
    const from = this.props.status;
    this.props.archive = { status: ArchiveStatus.STORED, error: null };
    this.record('archive.stored', from, origin, at, { files }, ['signing.files.stored', { files: files.map(({ fileId, kind, sha256, size }) => ({ fileId, kind, sha256, size })) }]);
  }

  /** Retries and the API fallback are exhausted. The same failure again adds nothing. */
  markArchiveFailed(error: string, origin: Origin, at: Date): void {
    if (this.props.archive.status === ArchiveStatus.FAILED && this.props.archive.error === error) return;
    if (this.props.archive.status === ArchiveStatus.STORED) return; // a late failure of a duplicate run
    if (this.props.archive.status === ArchiveStatus.FAILED) {
      this.props.archive.error = error;
      return this.record('archive.failed', this.props.status, origin, at, { error }, ['signing.files.store-failed', { error }]);
    }
    this.enterArchive('failArchive');
    this.props.archive = { status: ArchiveStatus.FAILED, error };
    this.record('archive.failed', this.props.status, origin, at, { error }, ['signing.files.store-failed', { error }]);
  }

  /** FAILED (or never started) → PENDING: the archive job runs again. */
  retryArchive(origin: Origin, at: Date): void {
    this.enterArchive('retryArchive');
    const previous = this.props.archive;
    this.props.archive = { status: ArchiveStatus.PENDING, error: null };
    this.record('archive.retry-requested', this.props.status, origin, at, { previousStatus: previous.status, previousError: previous.error });
  }

  private enterArchive(command: ArchiveCommand): void {
    const { status } = this.props;
    if (status !== ProcessStatus.COMPLETED || !ARCHIVE_TRANSITIONS[this.props.archive.status][command]) {
      throw new InvalidArchiveTransitionError(status, this.props.archive.status, command);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Facts observed at ArqSIGN

  /** Applies one ArqSIGN fact (webhook or sync) through the matching intent method. */
  observe(observation: ArqsignObservation, origin: Origin): void {
    switch (observation.kind) {
      case 'signer-signed': {
        const signer = this.byArqsignId(observation.arqsignSignerId);
        if (!signer) return this.ignore('recordSignature', origin, observation.signedAt, `unknown ArqSIGN signer ${observation.arqsignSignerId}`);
        return this.recordSignature(signer.id, { signedAt: observation.signedAt, data: observation.signature }, origin);
      }
      case 'signer-delivery-failed': {
        const signer = this.byArqsignId(observation.arqsignSignerId);
        if (!signer) return this.ignore('recordDeliveryFailure', origin, observation.at, `unknown ArqSIGN signer ${observation.arqsignSignerId}`);
        return this.recordDeliveryFailure(signer.id, origin, observation.at);
      }
      case 'refused': {
        const signer = observation.arqsignSignerId ? this.byArqsignId(observation.arqsignSignerId) : undefined;
        return this.recordRefusal(signer?.id ?? null, observation.reason, origin, observation.at);
      }
      case 'cancelled':
        return this.cancel(null, observation.cancelledBy, origin, observation.at);
      case 'expired':
        return this.expire(observation.expiredAt, origin);
      case 'resent': {
        const signerIds = observation.arqsignSignerIds.map((id) => this.byArqsignId(id)?.id).filter((id): id is string => Boolean(id));
        return this.recordResend({ signerIds, edits: [], automatic: false }, origin, observation.at);
      }
      case 'completed':
        return this.complete(observation.completedAt, origin);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Internals

  /**
   * Checks the table. Allowed → true. Not allowed → a request throws; an observation is recorded
   * as ignored (false).
   */
  private enter(command: ProcessCommand, origin: Origin, at: Date): boolean {
    if (this.can(command)) return true;
    if (!isObservation(origin)) throw new InvalidTransitionError(this.props.status, command);
    this.ignore(command, origin, at, `not applicable to a ${this.props.status} process`);
    return false;
  }

  private ignore(command: ProcessCommand, origin: Origin, at: Date, reason: string): void {
    if (!isObservation(origin)) throw new InvalidTransitionError(this.props.status, command, reason);
    this.record('event.ignored', this.props.status, origin, at, { event: command, reason });
  }

  private move<T extends HistoryType, K extends SigningEventName>(
    command: ProcessCommand,
    from: ProcessStatus,
    origin: Origin,
    at: Date,
    type: T,
    data: HistoryDataMap[T],
    event?: [K, EventData<K>],
  ): void {
    this.props.status = nextStatus(from, command)!;
    this.record(type, from, origin, at, data, event);
  }

  private record<T extends HistoryType, K extends SigningEventName>(
    type: T,
    from: ProcessStatus | null,
    origin: Origin,
    at: Date,
    data: HistoryDataMap[T],
    event?: [K, EventData<K>],
  ): void {
    const eventId = event ? randomUUID() : null;
    this.props.updatedAt = new Date(Math.max(Date.now(), this.props.updatedAt.getTime()));
    this.newHistory.push({
      id: randomUUID(),
      processId: this.props.id,
      type,
      fromStatus: from,
      toStatus: this.props.status,
      data,
      actor: origin.actor,
      source: origin.source,
      occurredAt: at,
      eventId,
    });
    if (event && eventId) this.events.push({ name: event[0], eventId, occurredAt: at, data: event[1] } as PendingDomainEvent);
  }

  private signer(signerId: string): SignerProps {
    const signer = this.props.signers.find((s) => s.id === signerId);
    if (!signer) throw new SignerNotFoundError(signerId);
    return signer;
  }

  private byArqsignId(arqsignSignerId: string): SignerProps | undefined {
    const wanted = arqsignSignerId.toLowerCase();
    return this.props.signers.find((s) => s.arqsignSignerId?.toLowerCase() === wanted);
  }
}

function signerRef(signer: SignerProps): SignerRef {
  return { signerId: signer.id, name: signer.name, email: signer.email, phone: signer.phone };
}

function applyEdit(signer: SignerProps, edit: SignerEdit): void {
  if (edit.name !== undefined) signer.name = edit.name;
  if (edit.email !== undefined) signer.email = edit.email;
  if (edit.phone !== undefined) signer.phone = edit.phone;
  if (edit.delivery !== undefined) signer.delivery = edit.delivery;
  if (signer.status === SignerStatus.DELIVERY_FAILED) signer.status = SignerStatus.PENDING;
}
