import { Injectable } from '@nestjs/common';
import { SigningLogger } from '../../../shared/logging/signing-logger';
import { serializeError } from '../../../observability/safe-error.serializer';
import { deliveryAddress, reportedAddress } from '../../domain/signer-contact';
import { ChangeSource } from '../../domain/process-status';
import type { SigningProcess } from '../../domain/signing-process';
import { ProcessSynchronizer } from '../process-synchronizer';
import { SigningProcessRepository } from '../signing-process.repository';

/** A "sent" webhook (trigger 1) for an ArqSIGN process we don't know, as the adoption needs it. */
export interface SentNotice {
  arqsignProcessId: string;
  processName: string | null;
  /** The recipients' e-mails and phones, as the payload lists them. */
  recipients: { email: string | null; phone: string | null }[];
  /** When the delivery was received. */
  receivedAt: Date;
}

/** A "sent" webhook resolves an uncertain send that started at most this long before it arrived. */
const WINDOW_MS = 15 * 60_000;
/** Clock skew tolerated between the send attempt and the delivery. */
const SKEW_MS = 60_000;

/**
 * docs/behaviour.md#uncertain-sends: a "sent" webhook for an ArqSIGN process we don't know, whose
 * name equals a SEND_UNCERTAIN process's name and whose recipients' e-mails/phones are the same
 * set, arriving within 15 minutes of the send attempt, adopts that ArqSIGN process. Exactly one
 * candidate is required (two or more are left to an operator). The adoption itself is
 * ProcessSynchronizer's: it re-reads the process (GET v2) and checks name and recipients again.
 */
@Injectable()
export class SendAdoption {
  private readonly logger = new SigningLogger('SendAdoption');

  constructor(
    private readonly repository: SigningProcessRepository,
    private readonly synchronizer: ProcessSynchronizer,
  ) {}

  async tryAdopt(sent: SentNotice): Promise<SigningProcess | null> {
    if (!sent.processName || !sent.recipients.length) return null;
    const ids = await this.repository.uncertainSendCandidates(sent.processName, new Date(sent.receivedAt.getTime() - WINDOW_MS), new Date(sent.receivedAt.getTime() + SKEW_MS));
    if (!ids.length) return null;
    const theirs = sent.recipients.map((s) => reportedAddress(s.email ?? s.phone)).sort();
    const matches: SigningProcess[] = [];
    for (const id of ids) {
      const candidate = await this.repository.findById(id);
      if (candidate && same(candidate.signers.map((s) => deliveryAddress(s)).sort(), theirs)) matches.push(candidate);
    }
    if (matches.length !== 1) {
      if (matches.length > 1) this.logger.warn({ arqsignProcessId: sent.arqsignProcessId, candidates: matches.map((m) => m.id) }, 'Several uncertain sends match a "sent" webhook: left to an operator');
      return null;
    }
    try {
      const adopted = await this.synchronizer.sync(matches[0], { source: ChangeSource.WEBHOOK, actor: 'arqsign' }, sent.arqsignProcessId);
      this.logger.log({ processId: adopted.id, arqsignProcessId: sent.arqsignProcessId }, 'Uncertain send resolved by a "sent" webhook');
      return adopted;
    } catch (error) {
      this.logger.warn({ processId: matches[0].id, arqsignProcessId: sent.arqsignProcessId, error: serializeError(error) }, 'A "sent" webhook could not resolve the uncertain send');
      return null;
    }
  }
}

function same(a: (string | undefined)[], b: (string | undefined)[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
