import { randomUUID } from 'node:crypto';
import type { NewDurableEvent } from '../../events/durable-events';
import type { HistoryEntry } from '../domain/history-entry';
import type { SigningProcessProps } from '../domain/signing-process.props';

/** The durable event of every saved process change (docs/durable-events.md#signingprocesschanged). */
export const PROCESS_CHANGED = 'signing.process.changed';

/** What caused a change, when known (e.g. the webhook delivery applied). */
export interface ChangeCause {
  deliveryId?: string;
  arqsignEventId?: string;
}

export interface ProcessChangedPayload {
  /** The state after the change (no document contents). */
  process: SigningProcessProps;
  /** The history entries this change added, oldest first. */
  history: HistoryEntry[];
  cause: ChangeCause | null;
}

/** The event for one saved change, keyed by the process id. */
export function processChangedEvent(process: SigningProcessProps, history: readonly HistoryEntry[], cause: ChangeCause | null): NewDurableEvent<ProcessChangedPayload> {
  return { eventId: randomUUID(), name: PROCESS_CHANGED, key: process.id, occurredAt: new Date(), payload: { process, history: [...history], cause } };
}

/** The payload as a consumer receives it (JSON: dates are ISO strings) with its dates revived. */
export function readProcessChange(payload: ProcessChangedPayload): ProcessChangedPayload {
  const { process, history, cause } = payload;
  return {
    process: {
      ...process,
      signers: process.signers.map((signer) => ({ ...signer, signedAt: dateOrNull(signer.signedAt) })),
      sendAttemptedAt: dateOrNull(process.sendAttemptedAt),
      expiredAt: dateOrNull(process.expiredAt),
      completedAt: dateOrNull(process.completedAt),
      cancelledAt: dateOrNull(process.cancelledAt),
      createdAt: new Date(process.createdAt),
      updatedAt: new Date(process.updatedAt),
    },
    history: history.map((entry) => ({ ...entry, occurredAt: new Date(entry.occurredAt) })),
    cause: cause ?? null,
  };
}

function dateOrNull(value: Date | string | null): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}
