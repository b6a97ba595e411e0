import { Inject, Injectable } from '@nestjs/common';
import { ArqsignNotFoundError, ArqsignClient } from '../../arqsign-client';
import type { ProcessDetails } from '../../arqsign-client';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import type { ArqsignObservation } from '../domain/observations';
import { Origin, ProcessStatus, SignerAction, SignerStatus, TERMINAL_STATUSES } from '../domain/process-status';
import { InvalidTransitionError } from '../domain/signing-process.errors';
import type { SigningProcess } from '../domain/signing-process';
import { observationsFromView } from './arqsign/process-view.observations';
import { adoptionMismatch, linkProcessView } from './arqsign/sent-process.linker';
import { ProcessMutator } from './process-mutator';
import { ProcessSender } from './process-sender';
import { AdoptionMismatchError, ProcessNotLinkedError } from './signing-processes.errors';
import { SigningProcessRepository } from './signing-process.repository';

/** Margin over the ArqSIGN timeout after which a SENDING process with no outcome is uncertain. */
const STALE_SEND_MARGIN_MS = 60_000;

/**
 * Brings a process up to date with ArqSIGN (the `sync` route; reconciliation later):
 * - linked and open: GET v2, then apply the differences as facts observed by `origin`;
 * - SENDING after a failed attempt that certainly did not reach ArqSIGN: send again;
 * - SENDING with no outcome long after the attempt (e.g. a crash mid-call): SEND_UNCERTAIN;
 * - SEND_UNCERTAIN: only by adopting an ArqSIGN process id an operator found (checked to match).
 */
@Injectable()
export class ProcessSynchronizer {
  constructor(
    private readonly mutator: ProcessMutator,
    private readonly sender: ProcessSender,
    private readonly repository: SigningProcessRepository,
    private readonly arqsign: ArqsignClient,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
  ) {}

  /**
   * Cheap polling (docs/rate-limits.md#cheap-polling): for an IN_PROGRESS process, ask ArqSIGN's
   * status call first (a few bytes) and read the whole process (GET v2, every document in Base64)
   * only when the status is not the one our state implies — "Aguardando" while nobody signed,
   * "Em processo" once someone did. The status call cannot show an expiry, so a process whose
   * deadline we cannot compute (no expirationDays: the account's default applies) is always read
   * in full; one with a known deadline is read in full by reconciliation once it has passed.
   */
  async syncIfStatusChanged(process: SigningProcess, origin: Origin): Promise<SigningProcess> {
    const p = process.snapshot();
    if (p.status !== ProcessStatus.IN_PROGRESS || !p.arqsignProcessId || p.settings.expirationDays === null) return this.sync(process, origin);
    const someoneSigned = p.signers.some((s) => s.action === SignerAction.SIGN && s.status === SignerStatus.SIGNED);
    const { status } = await this.arqsign.getProcessStatus(p.arqsignProcessId);
    if (status === (someoneSigned ? 'IN_PROGRESS' : 'WAITING')) return process;
    return this.sync(process, origin);
  }

  async sync(process: SigningProcess, origin: Origin, adoptArqsignProcessId?: string): Promise<SigningProcess> {
    if (process.status === ProcessStatus.SENDING) {
      process = await this.resolveSending(process, origin);
      if (!adoptArqsignProcessId || process.status !== ProcessStatus.SEND_UNCERTAIN) return process;
    }
    if (adoptArqsignProcessId) return this.adopt(process, adoptArqsignProcessId.toLowerCase(), origin);
    if (process.status === ProcessStatus.SEND_UNCERTAIN) throw new ProcessNotLinkedError();
    if (!process.arqsignProcessId || TERMINAL_STATUSES.includes(process.status)) return process;
    const view = await this.arqsign.getProcess(process.arqsignProcessId);
    return this.apply(process.id, origin, (current) => observationsFromView(current, view, new Date()));
  }

  /**
   * Applies ArqSIGN facts to a process, re-deriving them on a fresh load if a concurrent change
   * wins the version check. The webhook handler uses this with source `webhook`.
   */
  apply(processId: string, origin: Origin, facts: (process: SigningProcess) => ArqsignObservation[]): Promise<SigningProcess> {
    return this.mutator.mutate(processId, undefined, (current) => {
      for (const fact of facts(current)) current.observe(fact, origin);
    });
  }

  private async resolveSending(process: SigningProcess, origin: Origin): Promise<SigningProcess> {
    if (process.snapshot().sendDeferred) {
      const claimed = await this.mutator.mutate(process.id, undefined, (current) => current.retrySend(origin, new Date()));
      return this.sender.send(claimed, await this.repository.documentContents(process.id), origin);
    }
    if (!process.isSendStale(new Date(), this.options.arqsign.timeoutMs + STALE_SEND_MARGIN_MS)) return process;
    return this.mutator.mutate(process.id, undefined, (current) => {
      if (!current.isSendStale(new Date(), this.options.arqsign.timeoutMs + STALE_SEND_MARGIN_MS)) return;
      current.markSendUncertain({ code: 'SIGNING_PROCESS.SEND_OUTCOME_LOST', message: 'No outcome was recorded for the send attempt; ArqSIGN may have created the process', arqsignMessages: [] }, origin, new Date());
    });
  }

  private async adopt(process: SigningProcess, arqsignProcessId: string, origin: Origin): Promise<SigningProcess> {
    if (process.status !== ProcessStatus.SEND_UNCERTAIN) {
      throw new InvalidTransitionError(process.status, 'markSent', `Only a ${ProcessStatus.SEND_UNCERTAIN} process can adopt an ArqSIGN process`);
    }
    const linked = await this.repository.findByArqsignProcessId(arqsignProcessId);
    if (linked) throw new AdoptionMismatchError('it is already linked to another process');
    const view = await this.readForAdoption(arqsignProcessId);
    const mismatch = adoptionMismatch(process, view);
    if (mismatch) throw new AdoptionMismatchError(mismatch);
    return this.mutator.mutate(process.id, undefined, (current) => {
      current.markSent(linkProcessView(current, view), origin, new Date());
      for (const fact of observationsFromView(current, view, new Date())) current.observe(fact, origin);
    });
  }

  private async readForAdoption(arqsignProcessId: string): Promise<ProcessDetails> {
    try {
      return await this.arqsign.getProcess(arqsignProcessId);
    } catch (error) {
      if (error instanceof ArqsignNotFoundError) throw new AdoptionMismatchError('ArqSIGN has no such process');
      throw error;
    }
  }
}
