import { Injectable } from '@nestjs/common';
import { SigningProcessNotFoundError } from '../domain/signing-process.errors';
import type { SigningProcess } from '../domain/signing-process';
import { ProcessEventsPublisher } from './process-events.publisher';
import { ProcessBusyError } from './signing-processes.errors';
import { ConcurrentModificationError, InsertOptions, SigningProcessRepository } from './signing-process.repository';

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

  async mutate(id: string, clientName: string | undefined, change: (process: SigningProcess) => void): Promise<SigningProcess> {
    for (let attempt = 1; ; attempt++) {
      const process = await this.load(id, clientName);
      change(process);
      if (!process.hasChanges) return process;
      try {
        await this.repository.save(process);
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
