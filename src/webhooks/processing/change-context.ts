import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { ProcessChange, ProcessTransactionHook } from '../../signing-processes/application/process-transaction-hooks';

/** Work to commit together with the change of one process. */
export type ChangeWork = (transaction: EntityManager, change: ProcessChange) => Promise<void>;

interface Context {
  processId: string;
  work: ChangeWork;
  /** The delivery whose fact is being applied, if any. */
  deliveryId?: string;
}

const current = new AsyncLocalStorage<Context>();

/**
 * Runs `fn` so that whatever saves `processId` during it also runs `work` inside that same
 * transaction (through the signing-processes transaction hook, `changeContextHook`). That is how a
 * delivery becomes PROCESSED — and its reactions are enqueued — atomically with the state change
 * it caused: a crash can leave neither a change without its PROCESSED delivery nor the reverse.
 * `work` may run more than once (a version conflict retries the change); it must be idempotent.
 */
export function withChangeWork<T>(processId: string, work: ChangeWork, fn: () => Promise<T>, deliveryId?: string): Promise<T> {
  return current.run({ processId, work, deliveryId }, fn);
}

/** The delivery being applied to `processId` in the current change, or null (e.g. a sync). */
export function deliveryOfChange(processId: string): string | null {
  const context = current.getStore();
  return context && context.processId === processId ? (context.deliveryId ?? null) : null;
}

/** Register once with `ProcessTransactionHooks`. */
export const changeContextHook: ProcessTransactionHook = async (transaction, change) => {
  const context = current.getStore();
  if (context && context.processId === change.process.id) await context.work(transaction, change);
};
