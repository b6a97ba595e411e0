import { Injectable } from '@nestjs/common';
import { SigningProcessNotFoundError } from '../domain/signing-process.errors';
import type { SigningProcess } from '../domain/signing-process';
import { ProcessEventsPublisher } from './process-events.publisher';
import { ProcessBusyError } from './signing-processes.errors';
import type { EntityManager } from 'typeorm';
import type { ChangeCause } from './process-changed.event';
import { ConcurrentModificationError, InsertOptions, SigningProcessRepository } from './signing-process.repository';

export interface MutateOptions {
  /**
   * The caller's open transaction (e.g. a durable event consumer's): the change is saved in it,
   * once — a concurrent save throws `ConcurrentModificationError` instead of being re-applied, so
   * the caller's transaction rolls back and its work is retried.
   */
  transaction?: EntityManager;
  /** What caused the change (carried by its `signing.process.changed` event). */
  cause?: ChangeCause;
  /**
   * With `transaction`: how to run something after that transaction commits. The in-memory domain
   * events are published through it; without it they are not published (they would precede the commit).
   */
  afterCommit?: (fn: () => void | Promise<void>) => void;
}

const MAX_ATTEMPTS = 5;

/**
 * The unit of work of every change: load → one aggregate method → save state + history in one
 * transaction → publish the events after the commit. A concurrent save (e.g. a webhook for the
 * same process) makes the version check fail; the change is then re-applied to a fresh load.
 */
@Injectable()
export class ProcessMutator {
  constructor(
    private readonly repository: SigningProcessRepository,
    private readonly events: ProcessEventsPublisher,
  ) {}

  /** The process, if it exists and (with `clientName`) belongs to that client; else a 404. */
  async load(id: string, clientName?: string): Promise<SigningProcess> {
    const process = await this.repository.findById(id, clientName);
    if (!process) throw new SigningProcessNotFoundError(id);
    return process;
  }

  async mutate(id: string, clientName: string | undefined, change: (process: SigningProcess) => void, options: MutateOptions = {}): Promise<SigningProcess> {
    const { transaction, cause, afterCommit } = options;
    if (transaction) {
      const process = await this.load(id, clientName);
      change(process);
      if (!process.hasChanges) return process;
      await this.repository.save(process, { transaction, cause });
      afterCommit?.(() => this.events.publishFrom(process));
      return process;
    }
    for (let attempt = 1; ; attempt++) {
      const process = await this.load(id, clientName);
      change(process);
      if (!process.hasChanges) return process;
      try {
        await this.repository.save(process, { cause });
      } catch (error) {
        if (!(error instanceof ConcurrentModificationError)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ProcessBusyError(id);
        continue;
      }
      await this.events.publishFrom(process);
      return process;
    }
  }

  /** Stores a new process (and what `options` ties to it) in one transaction, then publishes. */
  async insert(process: SigningProcess, contents: ReadonlyMap<string, Buffer>, options?: InsertOptions): Promise<void> {
    try {
      await this.repository.insert(process, contents, options);
    } catch (error) {
      if (error instanceof ConcurrentModificationError) throw new ProcessBusyError(error.processId);
      throw error;
    }
    await this.events.publishFrom(process);
    if (options?.restartedFrom) await this.events.publishFrom(options.restartedFrom);
  }
}
