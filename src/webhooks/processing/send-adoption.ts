import { Injectable } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { ProcessSynchronizer } from '../../signing-processes/application/process-synchronizer';
import { SigningProcessRepository } from '../../signing-processes/application/signing-process.repository';
import { deliveryAddress, normalizePhone } from '../../signing-processes/domain/process-rules';
import { ChangeSource } from '../../signing-processes/domain/process-status';
import type { SigningProcess } from '../../signing-processes/domain/signing-process';
import { WebhookInbox } from '../inbox/webhook-inbox.repository';
import type { WebhookEvent } from '../interpretation/webhook-payload';
import { safeError } from '../safe-error';

/** A "sent" webhook resolves an uncertain send that started at most this long before it arrived. */
const WINDOW_MS = 15 * 60_000;
/** Clock skew tolerated between the send attempt and the delivery. */
const SKEW_MS = 60_000;

/**
 * docs/behaviour.md#uncertain-sends: a "sent" webhook (trigger 1) for an ArqSIGN process we don't know, whose name
 * equals a SEND_UNCERTAIN process's name and whose recipients' e-mails/phones are the same set,
 * arriving within 15 minutes of the send attempt, adopts that ArqSIGN process. Exactly one
 * candidate is required (two or more are left to an operator). The adoption itself is
 * ProcessSynchronizer's: it re-reads the process (GET v2) and checks name and recipients again.
 */
@Injectable()
export class SendAdoption {
  private readonly logger = new SigningLogger('WebhookProcessor');

  constructor(
    private readonly inbox: WebhookInbox,
    private readonly repository: SigningProcessRepository,
    private readonly synchronizer: ProcessSynchronizer,
  ) {}

  async tryAdopt(event: WebhookEvent, receivedAt: Date): Promise<SigningProcess | null> {
    if (!event.processName || !event.signers.length) return null;
    const ids = await this.inbox.uncertainCandidates(event.processName, new Date(receivedAt.getTime() - WINDOW_MS), new Date(receivedAt.getTime() + SKEW_MS));
    if (!ids.length) return null;
    const theirs = event.signers.map((s) => address(s.email ?? s.phone)).sort();
    const matches: SigningProcess[] = [];
    for (const id of ids) {
      const candidate = await this.repository.findById(id);
      if (candidate && same(candidate.signers.map((s) => deliveryAddress(s)).sort(), theirs)) matches.push(candidate);
    }
    if (matches.length !== 1) {
      if (matches.length > 1) this.logger.warn({ arqsignProcessId: event.arqsignProcessId, candidates: matches.map((m) => m.id) }, 'Several uncertain sends match a "sent" webhook: left to an operator');
      return null;
    }
    try {
      const adopted = await this.synchronizer.sync(matches[0], { source: ChangeSource.WEBHOOK, actor: 'arqsign' }, event.arqsignProcessId);
      this.logger.log({ processId: adopted.id, arqsignProcessId: event.arqsignProcessId }, 'Uncertain send resolved by a "sent" webhook');
      return adopted;
    } catch (error) {
      this.logger.warn({ processId: matches[0].id, arqsignProcessId: event.arqsignProcessId, error: safeError(error) }, 'A "sent" webhook could not resolve the uncertain send');
      return null;
    }
  }
}

function address(value: string | null): string | undefined {
  if (!value) return undefined;
  return value.includes('@') ? value.trim().toLowerCase() : normalizePhone(value);
}

function same(a: (string | undefined)[], b: (string | undefined)[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
