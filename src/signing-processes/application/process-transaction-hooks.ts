import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HistoryEntry } from '../domain/history-entry';
import type { SigningProcessProps } from '../domain/signing-process.props';

/** A process change being saved: its new state and the history entries it adds. */
export interface ProcessChange {
  process: Readonly<SigningProcessProps>;
  history: readonly HistoryEntry[];
}

/**
 * Work that must commit (or roll back) together with a process change — typically enqueueing a
 * durable job that depends on it, like archiving the files when a process completes (STYLE.md §2:
 * "enqueued in the same transaction as the state it depends on"). `transaction` is the open
 * TypeORM transaction the repository saves through. A hook that throws rolls the change back.
 */
export type ProcessTransactionHook = (transaction: EntityManager, change: ProcessChange) => Promise<void>;

/** Registry of transaction hooks; feature modules register theirs at module init. */
@Injectable()
export class ProcessTransactionHooks {
  private readonly hooks: ProcessTransactionHook[] = [];

  register(hook: ProcessTransactionHook): void {
    this.hooks.push(hook);
  }

  async run(transaction: EntityManager, change: ProcessChange): Promise<void> {
    for (const hook of this.hooks) await hook(transaction, change);
  }
}
