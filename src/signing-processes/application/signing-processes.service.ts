import { Inject, Injectable } from '@nestjs/common';
import { ArqsignAlreadyFinishedError, ArqsignClient } from '../../arqsign-client';
import type { HistoryEntry } from '../domain/history-entry';
import { ArqsignFactLedger, ArqsignFactOutcome } from './arqsign/arqsign-fact-ledger';
import { SendAdoption, SentNotice } from './arqsign/send-adoption';
import { ChangeSource, Origin, ProcessStatus } from '../domain/process-status';
import { InvalidTransitionError } from '../domain/signing-process.errors';
import { SigningProcess } from '../domain/signing-process';
import { pageLimit } from '../../shared/http/cursor-page';
import { PROCESS_PAGE, type CreateProcessCommand, type ListProcessesQuery, type RestartCommand, type SignerEditInput } from './commands';
import { requestFingerprint, sha256 } from './idempotency';
import { decodeCursor, encodeCursor } from './process-cursor';
import { assertValidCreate, assertWithinSizeCaps, sendOptionViolations, signerRuleViolations, throwIfAny, toNewSigner, toSettings } from './process-input';
import { pageSizesOf } from './pdf-pages';
import type { PageSize } from '../domain/send-options.rules';
import type { NewSigner } from '../domain/signing-process';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { ProcessMutator } from './process-mutator';
import { ProcessSender } from './process-sender';
import { ProcessSynchronizer } from './process-synchronizer';
import { planResend } from './resend-plan';
import { IdempotencyKeyReusedError } from './signing-processes.errors';
import { IdempotencyKeyTakenError, SigningProcessRepository } from './signing-process.repository';
import { CheckRecord, DueProcess, DueQuery, SyncChecks } from './sync-checks';

export interface ProcessPage {
  items: SigningProcess[];
  nextCursor: string | null;
}

const api = (clientName: string): Origin => ({ source: ChangeSource.API, actor: clientName });

/**
 * Use cases of the /v1/processes API. Every method is scoped to the calling API client: another
 * client's process is "not found". Controllers only translate HTTP to these calls.
 */
/** Automatic reactions are history entries with source `policy`. */
export const POLICY_ORIGIN: Origin = { source: ChangeSource.POLICY, actor: 'system' };

@Injectable()
export class SigningProcessesService {
  constructor(
    private readonly repository: SigningProcessRepository,
    private readonly mutator: ProcessMutator,
    private readonly sender: ProcessSender,
    private readonly synchronizer: ProcessSynchronizer,
    private readonly arqsign: ArqsignClient,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
    private readonly adoption: SendAdoption,
    private readonly facts: ArqsignFactLedger,
    private readonly checks: SyncChecks,
  ) {}

  /**
   * Validates, stores the process as SENDING (with the idempotency key, in one transaction),
   * then sends it. The same key with the same body returns the first request's process.
   */
  async create(clientName: string, command: CreateProcessCommand, idempotencyKey?: string): Promise<{ process: SigningProcess; replayed: boolean }> {
    const signers = command.signers.map(toNewSigner);
    const settings = toSettings(command.settings, signers);
    assertWithinSizeCaps(command.documents, this.options.sendLimits);
    assertValidCreate(command, signers, settings, await this.pagesIfPositioned(signers, command.documents.map((d) => d.content)));
    this.sender.assertConfigured();

    const requestHash = idempotencyKey ? requestFingerprint(command) : '';
    if (idempotencyKey) {
      const replay = await this.replay(clientName, idempotencyKey, requestHash);
      if (replay) return { process: replay, replayed: true };
    }
    const process = SigningProcess.send(
      {
        clientName,
        name: command.name.trim(),
        externalId: command.externalId ?? null,
        signers,
        documents: command.documents.map((d, i) => ({ fileName: d.fileName.trim(), order: i + 1, size: d.content.length, sha256: sha256(d.content) })),
        settings,
        metadata: command.metadata ?? null,
      },
      api(clientName),
      new Date(),
    );
    const contents = new Map(process.documents.map((d, i) => [d.id, command.documents[i].content]));
    try {
      await this.mutator.insert(process, contents, idempotencyKey ? { idempotency: { clientName, key: idempotencyKey, requestHash, processId: process.id } } : undefined);
    } catch (error) {
      // A concurrent request with the same key won the race: answer as its replay.
      if (!(error instanceof IdempotencyKeyTakenError)) throw error;
      const replay = await this.replay(clientName, idempotencyKey!, requestHash);
      if (replay) return { process: replay, replayed: true };
      throw error;
    }
    return { process: await this.sender.send(process, contents, api(clientName)), replayed: false };
  }

  /** Page sizes are needed (and PDFs parsed) only when some signer positions boxes by hand. */
  private async pagesIfPositioned(signers: NewSigner[], contents: Buffer[]): Promise<PageSize[][]> {
    return signers.some((s) => s.options.positions?.length) ? pageSizesOf(contents) : contents.map(() => []);
  }

  get(clientName: string, id: string): Promise<SigningProcess> {
    return this.mutator.load(id, clientName);
  }

  async list(clientName: string, query: ListProcessesQuery): Promise<ProcessPage> {
    const limit = pageLimit(query.limit, PROCESS_PAGE);
    const { items, hasMore } = await this.repository.list({
      clientName,
      statuses: query.statuses,
      externalId: query.externalId,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit,
    });
    const last = items.at(-1)?.snapshot();
    return { items, nextCursor: hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
  }

  async history(clientName: string, id: string): Promise<HistoryEntry[]> {
    await this.mutator.load(id, clientName);
    return this.repository.history(id);
  }

  /** Cancels in ArqSIGN, then locally. If ArqSIGN says it already finished, syncs to record how. */
  async cancel(clientName: string, id: string, reason: string | null): Promise<SigningProcess> {
    const process = await this.mutator.load(id, clientName);
    process.assertCan('cancel');
    try {
      await this.arqsign.cancelProcess(process.arqsignProcessId!);
    } catch (error) {
      if (!(error instanceof ArqsignAlreadyFinishedError)) throw error;
      const synced = await this.synchronizer.sync(process, { source: ChangeSource.SYNC, actor: clientName });
      if (synced.status === ProcessStatus.CANCELLED) return synced;
      throw new InvalidTransitionError(synced.status, 'cancel', `ArqSIGN already ${error.state === 'CONCLUDED' ? 'concluded' : 'closed'} this process`);
    }
    return this.mutator.mutate(id, clientName, (current) => {
      // The "cancelled" webhook of this very cancel may have been applied meanwhile.
      if (current.status !== ProcessStatus.CANCELLED) current.cancel(reason, clientName, api(clientName), new Date());
    });
  }

  /** ArqSIGN resend to pending signers (renews links and the deadline), optionally editing delivery data. */
  async resend(clientName: string, id: string, edits: SignerEditInput[]): Promise<SigningProcess> {
    const process = await this.mutator.load(id, clientName);
    process.assertCan('recordResend');
    const plan = planResend(process, edits);
    const pending = await this.arqsign.resendProcess(process.arqsignProcessId!, plan.arqsignEdits);
    const byArqsignId = new Map(process.signers.map((s) => [s.arqsignSignerId?.toLowerCase(), s.id]));
    const signerIds = pending.map((r) => byArqsignId.get(r.id.toLowerCase())).filter((v): v is string => Boolean(v));
    return this.mutator.mutate(id, clientName, (current) => {
      // A webhook may have closed the process meanwhile: then the resend no longer matters.
      if (current.can('recordResend')) current.recordResend({ signerIds, edits: plan.edits, automatic: false }, api(clientName), new Date());
    });
  }

  /**
   * A new process from a REFUSED, CANCELLED, EXPIRED or SEND_FAILED one: same documents, and the
   * same signers and settings unless given. Both link to each other (saved in one transaction).
   */
  async restart(clientName: string, id: string, command: RestartCommand): Promise<SigningProcess> {
    const previous = await this.mutator.load(id, clientName);
    previous.assertCan('markRestarted');
    const old = previous.snapshot();
    const signers = command.signers ? command.signers.map(toNewSigner) : old.signers.map(({ name, email, phone, order, action, delivery, options }) => ({ name, email, phone, order, action, delivery, options }));
    const settings = toSettings(command.settings, signers, old.settings);
    throwIfAny(signerRuleViolations(signers, settings));
    this.sender.assertConfigured();

    const oldContents = await this.repository.documentContents(id);
    const pages = await this.pagesIfPositioned(signers, old.documents.map((d) => oldContents.get(d.id) ?? Buffer.alloc(0)));
    throwIfAny(sendOptionViolations(signers, pages));
    const process = SigningProcess.send(
      {
        clientName,
        name: command.name?.trim() ?? old.name,
        externalId: command.externalId !== undefined ? command.externalId : old.externalId,
        signers,
        documents: old.documents.map(({ fileName, order, size, sha256 }) => ({ fileName, order, size, sha256 })),
        settings,
        metadata: command.metadata !== undefined ? command.metadata : old.metadata,
        restartedFrom: id,
      },
      api(clientName),
      new Date(),
    );
    const contents = new Map(process.documents.map((d, i) => [d.id, oldContents.get(old.documents[i].id)!]));
    previous.markRestarted(process.id, api(clientName), new Date());
    await this.mutator.insert(process, contents, { restartedFrom: previous });
    return this.sender.send(process, contents, api(clientName));
  }

  /** Re-reads the process from ArqSIGN and applies what changed (source `sync`). */
  async sync(clientName: string, id: string, adoptArqsignProcessId?: string): Promise<SigningProcess> {
    const process = await this.mutator.load(id, clientName);
    return this.synchronizer.sync(process, { source: ChangeSource.SYNC, actor: clientName }, adoptArqsignProcessId);
  }

  /**
   * Re-reads a process of any client from ArqSIGN as the system (source `sync`, actor `system`): the
   * reconciliation sweep's way in (docs/architecture.md#public-surfaces). Null if the process is gone.
   */
  async resyncAsSystem(id: string, options: { statusFirst?: boolean } = {}): Promise<{ before: ProcessStatus; after: ProcessStatus; changed: boolean } | null> {
    const before = await this.repository.findById(id);
    if (!before) return null;
    const origin: Origin = { source: ChangeSource.SYNC, actor: 'system' };
    // statusFirst: the status call decides whether the full read is needed (docs/rate-limits.md#cheap-polling).
    const after = options.statusFirst ? await this.synchronizer.syncIfStatusChanged(before, origin) : await this.synchronizer.sync(before, origin);
    return { before: before.status, after: after.status, changed: after.version !== before.version || after.status !== before.status };
  }

  /**
   * Open processes (any client) due for a check against ArqSIGN: deferred sends, past their
   * deadline, or no news for `staleAfterS`; the reconciliation sweep's worklist
   * (docs/behaviour.md#automatic-behaviour). A recorded check counts as news.
   */
  dueForSync(query: DueQuery): Promise<DueProcess[]> {
    return this.checks.due(query);
  }

  /** Records when a process was last checked against ArqSIGN and with what outcome (replacing the previous check). */
  recordSyncCheck(check: CheckRecord): Promise<void> {
    return this.checks.record(check);
  }

  /** Our process linked to this ArqSIGN process (any client), or null: whether a webhook is about one of ours. */
  async processIdOfArqsign(arqsignProcessId: string): Promise<string | null> {
    return (await this.repository.findByArqsignProcessId(arqsignProcessId))?.id ?? null;
  }

  /** Our process ids by ArqSIGN process id (lower case), for those of these that are linked (one query for a batch of deliveries). */
  processIdsOfArqsign(arqsignProcessIds: readonly string[]): Promise<Map<string, string>> {
    return this.repository.processIdsOfArqsign(arqsignProcessIds);
  }

  /** Which of these ArqSIGN processes are linked to ours (e.g. to release deliveries parked before). */
  linkedArqsignProcesses(arqsignProcessIds: readonly string[]): Promise<string[]> {
    return this.repository.linkedArqsignProcessIds(arqsignProcessIds);
  }

  /**
   * A "sent" webhook for an ArqSIGN process we don't know may resolve an uncertain send
   * (docs/behaviour.md#uncertain-sends). The id of the process that adopted it, or null.
   */
  async adoptUncertainSend(sent: SentNotice): Promise<string | null> {
    return (await this.adoption.tryAdopt(sent))?.id ?? null;
  }

  /** What applying each delivery's `arqsign.*` fact came to, by delivery id (absent: not consumed yet). */
  outcomesOfDeliveries(deliveryIds: readonly string[]): Promise<Map<string, ArqsignFactOutcome>> {
    return this.facts.outcomesOf(deliveryIds);
  }

  private async replay(clientName: string, key: string, requestHash: string): Promise<SigningProcess | null> {
    const record = await this.repository.findIdempotencyKey(clientName, key);
    if (!record) return null;
    if (record.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    return this.mutator.load(record.processId, clientName);
  }
}
