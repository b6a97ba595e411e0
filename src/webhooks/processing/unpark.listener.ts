import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { OnEvent } from '@nestjs/event-emitter';
import { JobQueue } from '../../jobs/job-queue';
import type { SigningEventMap } from '../../shared/events/event-map';
import { SigningProcessesService } from '../../signing-processes';
import { UNPARK_SWEEP_QUEUE, WebhookInbox } from '../inbox/webhook-inbox.repository';
import { safeError } from '../safe-error';

/**
 * Applies PARKED deliveries once their ArqSIGN process becomes known: at once when a process is
 * linked (`signing.process.sent`: our send returned, or an adoption), and — since in-memory events
 * are lost in a crash, and another instance may park a delivery just after this one linked the
 * process — by InboxSweeper every few seconds, once per cluster. The worker of the former
 * once-a-minute cron queue stays so that a schedule left in an existing database is drained.
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
      const parked = await this.inbox.parkedFor(event.arqsignProcessId);
      for (const id of parked) await this.inbox.requeue(id, { reset: false });
      if (parked.length) this.logger.log({ processId: event.processId, deliveries: parked.length }, 'Parked webhook deliveries released');
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
    let released = 0;
    for (const arqsignProcessId of linked) {
      for (const id of await this.inbox.parkedFor(arqsignProcessId)) {
        await this.inbox.requeue(id, { reset: false });
        released++;
      }
    }
    if (released) this.logger.log({ deliveries: released }, 'Parked webhook deliveries released by the sweep');
    return released;
  }
}
