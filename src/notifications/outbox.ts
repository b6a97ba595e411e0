import type { EntityManager } from 'typeorm';
import { toHistoryEntryResponse, toProcessResponse } from '../signing-processes';
import type { ProcessChangedPayload } from '../signing-processes';
import { SigningProcess } from '../signing-processes';
import type { SigningProcessProps } from '../signing-processes';
import { subscribes } from './endpoint';
import { MESSAGE_TYPE_BY_HISTORY } from './message-types';
import type { NotificationsStore } from './notifications.store';

/** What a message's body looks like (docs/outbound-webhooks.md#messages). */
export interface OutboundMessageBody {
  id: string;
  type: string;
  timestamp: string;
  /** Increases with every message; per process it follows the order of the changes. */
  sequence: number;
  data: {
    process: ReturnType<typeof toProcessResponse>;
    change: ReturnType<typeof toHistoryEntryResponse>;
  };
}

/** Enqueues the delivery job of one delivery inside the transaction. */
export type EnqueueDelivery = (manager: EntityManager, deliveryId: string) => Promise<void>;

/**
 * The outbox seam: turns the history entries of a process change into outbound messages, one
 * PENDING delivery per subscribed enabled endpoint of the process's client, and their delivery
 * jobs — all through `manager`, the transaction consuming the change's `signing.process.changed`
 * event (OutboxConsumer), so they commit with that consumption. The consumer sees the changes of
 * one process in the order they were saved (docs/durable-events.md#ordering), so per process the
 * sequence follows the commit order. Idempotent: a message id is the id of the domain event it reports.
 */
export async function recordMessages(manager: EntityManager, change: Pick<ProcessChangedPayload, 'process' | 'history'>, store: NotificationsStore, enqueue: EnqueueDelivery): Promise<number> {
  const reported = change.history.filter((entry) => MESSAGE_TYPE_BY_HISTORY[entry.type]);
  if (!reported.length) return 0;
  const process = toProcessResponse(SigningProcess.restore(change.process as SigningProcessProps));
  const endpoints = await store.enabledEndpoints(manager, change.process.clientName);
  let written = 0;
  for (const entry of reported) {
    const type = MESSAGE_TYPE_BY_HISTORY[entry.type]!;
    const id = `msg_${entry.eventId ?? entry.id}`;
    const sequence = await store.nextSequence(manager);
    const body: OutboundMessageBody = { id, type, timestamp: entry.occurredAt.toISOString(), sequence: Number(sequence), data: { process, change: toHistoryEntryResponse(entry) } };
    const inserted = await store.insertMessage(manager, { id, sequence, clientName: change.process.clientName, processId: change.process.id, type, occurredAt: entry.occurredAt, body: JSON.stringify(body) });
    if (!inserted) continue;
    written++;
    for (const endpoint of endpoints.filter((e) => subscribes(e, type))) {
      await enqueue(manager, await store.upsertDelivery(manager, id, endpoint.id));
    }
  }
  return written;
}
