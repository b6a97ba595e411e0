import { Injectable, OnModuleInit } from '@nestjs/common';
import { DispatchContext, DurableEvent, DurableEvents } from '../../events/durable-events';
import { PROCESS_CHANGED, ProcessChangedPayload, readProcessChange } from '../../signing-processes';
import type { HistoryEntry } from '../../signing-processes';
import { ArchiveJob } from './archive.job';

/** The durable event consumer's name (stored with its rows in `signing.durable_event`). */
export const ARCHIVE_CONSUMER = 'storage.archive';

/** A change that needs the archive job: the process completed, or a new attempt was requested. */
export function needsArchive(history: readonly Pick<HistoryEntry, 'type'>[]): boolean {
  return history.some((entry) => entry.type === 'process.completed' || entry.type === 'archive.retry-requested');
}

/**
 * Consumer `storage.archive` of `signing.process.changed` (docs/durable-events.md): enqueues the
 * archive job in the dispatch transaction, so the job exists exactly when the event is consumed —
 * a crash before that leaves the event waiting, never a completed process without its job — and
 * wakes it after the commit.
 */
@Injectable()
export class ArchiveTrigger implements OnModuleInit {
  constructor(
    private readonly events: DurableEvents,
    private readonly job: ArchiveJob,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ProcessChangedPayload>(ARCHIVE_CONSUMER, [PROCESS_CHANGED], (event, context) => this.handle(event, context));
  }

  async handle(event: DurableEvent<ProcessChangedPayload>, { transaction, afterCommit }: DispatchContext): Promise<void> {
    const change = readProcessChange(event.payload);
    if (!needsArchive(change.history)) return;
    await this.job.enqueue(change.process.id, transaction);
    afterCommit(() => this.job.wake());
  }
}
