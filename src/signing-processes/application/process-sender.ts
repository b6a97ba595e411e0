import { Inject, Injectable, Optional } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import {
  ArqsignError,
  ArqsignInsufficientCreditsError,
  ArqsignRateLimitedError,
  ArqsignUncertainError,
  ArqsignValidationError,
} from '../../arqsign-client';
import { ArqsignClient } from '../../arqsign-client';
import type { SendProcessResult } from '../../arqsign-client';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import type { Origin } from '../domain/process-status';
import type { SigningProcess } from '../domain/signing-process';
import type { ProcessError } from '../domain/signing-process.props';
import { buildSendRequest, SendDefaults } from './arqsign/send-request.builder';
import { linkSendResult } from './arqsign/sent-process.linker';
import { ProcessMutator } from './process-mutator';
import { ArqsignDefaultsMissingError } from './signing-processes.errors';
import { SendRetryScheduler } from './send-retry.scheduler';

type Outcome =
  | { kind: 'sent'; result: SendProcessResult }
  /** ArqSIGN rejected the process itself (validation, no credits): terminal. */
  | { kind: 'failed'; error: ProcessError }
  /** Certainly not created (down, rate limited, our keys refused): safe to send again later. */
  | { kind: 'deferred'; error: ProcessError; retryAfterMs?: number }
  /** May or may not have been created: never sent again blindly. */
  | { kind: 'uncertain'; error: ProcessError };

/** Calls ArqSIGN's v2 send for a stored SENDING process and records the outcome. */
@Injectable()
export class ProcessSender {
  private readonly logger = new SigningLogger(ProcessSender.name);

  constructor(
    private readonly mutator: ProcessMutator,
    private readonly arqsign: ArqsignClient,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
    @Optional() private readonly retries?: SendRetryScheduler,
  ) {}

  /** Checked before a process is stored, so a misconfigured service stores nothing. */
  assertConfigured(): void {
    this.defaults();
  }

  private defaults(): SendDefaults {
    const { responsibleId, folderId } = this.options.arqsign;
    if (!responsibleId || !folderId) {
      throw new ArqsignDefaultsMissingError([...(responsibleId ? [] : ['ARQSIGN_RESPONSIBLE_ID']), ...(folderId ? [] : ['ARQSIGN_FOLDER_ID'])]);
    }
    return { responsibleId, folderId };
  }

  async send(process: SigningProcess, contents: ReadonlyMap<string, Buffer>, origin: Origin): Promise<SigningProcess> {
    const outcome = await this.call(process, contents);
    const recorded = await this.mutator.mutate(process.id, undefined, (current) => {
      const at = new Date();
      switch (outcome.kind) {
        case 'sent':
          return current.markSent(linkSendResult(current, outcome.result), origin, at);
        case 'failed':
          return current.markSendFailed(outcome.error, origin, at);
        case 'deferred':
          return current.deferSend(outcome.error, origin, at);
        case 'uncertain':
          return current.markSendUncertain(outcome.error, origin, at);
      }
    });
    // Rate limited (our shared budget or ArqSIGN's 429): send again when the budget is back.
    if (outcome.kind === 'deferred' && outcome.retryAfterMs !== undefined && this.retries) {
      await this.retries.schedule(process.id, outcome.retryAfterMs).catch((error: unknown) => this.logger.warn({ processId: process.id, err: error }, 'Deferred send not scheduled; reconciliation will retry it'));
    }
    return recorded;
  }

  private async call(process: SigningProcess, contents: ReadonlyMap<string, Buffer>): Promise<Outcome> {
    const request = buildSendRequest(process.snapshot(), contents, this.defaults());
    try {
      const result = await this.arqsign.sendProcess(request);
      this.logger.log({ processId: process.id, arqsignProcessId: result.processId }, 'Process sent to ArqSIGN');
      return { kind: 'sent', result };
    } catch (error) {
      if (error instanceof ArqsignValidationError || error instanceof ArqsignInsufficientCreditsError) return { kind: 'failed', error: toProcessError(error) };
      if (error instanceof ArqsignUncertainError || !(error instanceof ArqsignError)) {
        this.logger.error({ processId: process.id, err: error }, 'ArqSIGN send outcome unknown: the process is SEND_UNCERTAIN');
        return { kind: 'uncertain', error: toProcessError(error) };
      }
      this.logger.warn({ processId: process.id, code: error.code }, 'ArqSIGN send not attempted: the process stays SENDING');
      return { kind: 'deferred', error: toProcessError(error), retryAfterMs: error instanceof ArqsignRateLimitedError ? (error.retryAfterMs ?? 1_000) : undefined };
    }
  }
}

export function toProcessError(error: unknown): ProcessError {
  if (error instanceof ArqsignError) {
    return { code: error.code, message: error.messages.length ? error.messages.join('; ') : error.message, arqsignMessages: error.messages };
  }
  return { code: 'INTERNAL.ERROR', message: 'The send failed unexpectedly; whether ArqSIGN received it is unknown', arqsignMessages: [] };
}
