import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { SigningEventMap } from '../../shared/events/event-map';
import { ArchiveJob } from '../archive/archive.job';

/**
 * `signing.process.completed` → run the archive job now. The job itself was already enqueued in
 * the transaction that completed the process (see ArchiveJob); this in-memory event only saves
 * the wait for the next poll, so losing it loses nothing.
 */
@Injectable()
export class ArchiveWakeListener {
  constructor(private readonly job: ArchiveJob) {}

  @OnEvent('signing.process.completed')
  onCompleted(_event: SigningEventMap['signing.process.completed']): void {
    this.job.wake();
  }
}
