import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { OnEvent } from '@nestjs/event-emitter';
import { JobQueue } from '../../jobs/job-queue';
import type { SigningEventMap } from '../../shared/events/event-map';
import { SigningProcessesService } from '../../signing-processes';
import { WebhookInbox } from '../inbox/webhook-inbox.repository';
import { safeError } from '../safe-error';

/** The former once-a-minute cron queue of the unpark sweep. */
export const UNPARK_SWEEP_QUEUE = 'arqsign-webhook.unpark-sweep';

/**
 * Applies PARKED deliveries once their ArqSIGN process becomes known: at once when a process is
 * linked (`signing.process.sent`: our send returned, or an adoption), and — since in-memory events
 * are lost in a crash, and another instance may park a delivery just after this one linked the
 * process — by InboxSweeper every few seconds, once per cluster. Releasing queues them in the inbox
 * again (they stay PARKED until processed). The worker of the former once-a-minute cron queue stays
 * so that a schedule left in an existing database is drained.
 */
@Injectable()
export class UnparkListener implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('WebhookProcessor');

  constructor(
    private readonly inbox: WebhookInbox,
    private readonly jobs: JobQueue,
    private readonly processes: SigningProcessesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work(UNPARK_SWEEP_QUEUE, () => this.sweep());
  }

  @OnEvent('signing.process.sent', { async: true, promisify: true })
  async onProcessLinked(event: SigningEventMap['signing.process.sent']): Promise<void> {
    try {
      const released = await this.inbox.releaseParked([event.arqsignProcessId]);
      if (released) this.logger.log({ processId: event.processId, deliveries: released }, 'Parked webhook deliveries released');
    } catch (error) {
      this.logger.warn({ error: safeError(error), processId: event.processId }, 'Could not release parked deliveries now (the sweep will)');
    }
  }

  async sweep(): Promise<void> {
    await this.releaseKnown();
  }

  /** Releases the PARKED deliveries whose ArqSIGN process is now linked to ours (asking the signing-processes facade). */
  async releaseKnown(): Promise<number> {
    const linked = await this.processes.linkedArqsignProcesses(await this.inbox.parkedArqsignProcessIds(200));
    const released = await this.inbox.releaseParked(linked);
    if (released) this.logger.log({ deliveries: released }, 'Parked webhook deliveries released by the sweep');
    return released;
  }
}
