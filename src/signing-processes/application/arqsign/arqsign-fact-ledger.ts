import type { EntityManager } from 'typeorm';

/**
 * What applying one `arqsign.*` fact came to (docs/event-order.md): the observations applied, nothing
 * (already reflected; `resendEcho` when it echoed a resend of ours), stale (older than what the
 * process knows), or synced (re-read from ArqSIGN instead). Operators see it on the delivery.
 */
export type ArqsignFactOutcome =
  | { applied: string[]; stale?: string }
  | { nothing: string; resendEcho?: true; stale?: string }
  | { stale: string }
  | { synced: string };

export interface ArqsignFactRecord {
  eventId: string;
  deliveryId: string;
  processId: string | null;
  name: string;
  outcome: ArqsignFactOutcome;
}

/**
 * `signing.arqsign_fact`: one row per consumed `arqsign.*` event, written in the transaction that
 * applies it — so a redelivered event finds its row and changes nothing.
 */
export abstract class ArqsignFactLedger {
  /** Whether the event was already consumed (inside the consuming transaction). */
  abstract recorded(transaction: EntityManager, eventId: string): Promise<boolean>;

  abstract record(transaction: EntityManager, record: ArqsignFactRecord): Promise<void>;

  /** "resent" facts of the process already taken as echoes of our own resends (but from `exceptDeliveryId`: a replay). */
  abstract resendEchoes(transaction: EntityManager, processId: string, exceptDeliveryId: string): Promise<number>;

  /** The outcome of each delivery's fact, by delivery id (deliveries not consumed yet are absent). */
  abstract outcomesOf(deliveryIds: readonly string[]): Promise<Map<string, ArqsignFactOutcome>>;
}
