import type { EntityManager } from 'typeorm';

/** A domain event that must survive a crash (docs/durable-events.md). */
export interface DurableEvent<P = unknown> {
  /** Unique per event: consumers stay idempotent with it; a re-publish with the same id is a no-op. */
  eventId: string;
  name: string;
  /** What the event is about (e.g. a process id), for logs and for the reader; not an ordering key. */
  key: string | null;
  occurredAt: Date;
  /** JSON: what goes in comes out as JSON.parse(JSON.stringify(payload)) (dates become strings). */
  payload: P;
}

export type NewDurableEvent<P = unknown> = Omit<DurableEvent<P>, 'occurredAt'> & { occurredAt?: Date };

export interface DispatchContext {
  /** The open transaction the event is consumed in: the consumer's writes commit with the event's removal. */
  transaction: EntityManager;
  /** Runs after that transaction commits (in-memory notifications, waking jobs). */
  afterCommit(fn: () => void | Promise<void>): void;
}

export type DurableHandler<P = unknown> = (event: DurableEvent<P>, context: DispatchContext) => Promise<void>;

export interface SubscribeOptions {
  /** Events consumed in one transaction. Default 20. */
  batchSize?: number;
  /** Failed attempts after which an event is dead (kept, logged, counted, no longer tried). Default 10. */
  maxAttempts?: number;
}

/** Settings of the dispatchers (all optional; see `DEFAULT_DURABLE_EVENTS_OPTIONS`). */
export interface DurableEventsOptions {
  /** How often an idle consumer looks for events when no announcement woke it. */
  pollIntervalMs: number;
  /** Wait before the 2nd attempt of a failed event; doubled at every further failure. */
  retryBaseMs: number;
  /** Longest wait between two attempts. */
  retryMaxMs: number;
}

export const DURABLE_EVENTS_OPTIONS = Symbol('DURABLE_EVENTS_OPTIONS');

export const DEFAULT_DURABLE_EVENTS_OPTIONS: DurableEventsOptions = { pollIntervalMs: 1_000, retryBaseMs: 1_000, retryMaxMs: 5 * 60_000 };
export const DEFAULT_BATCH_SIZE = 20;
export const DEFAULT_MAX_ATTEMPTS = 10;

/** A consumer as registered by `subscribe`. */
export interface Subscription {
  consumer: string;
  names: readonly string[];
  handler: DurableHandler;
  batchSize: number;
  maxAttempts: number;
}
