import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobAnnouncer } from '../../jobs/job-announcer';
import { connectionOf } from '../../jobs/job-queue';
import { serializeError } from '../../observability/safe-error.serializer';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { InboxSignal, INBOX_CHANNEL } from '../inbox/inbox-signal';
import { DeliveryProcessor } from './delivery-processor';

/** Deliveries claimed per transaction. */
export const INBOX_BATCH_SIZE = 50;
/** Independent claim loops per instance: a slow delivery (an uncertain-send adoption re-reads ArqSIGN) holds back only its own batch. */
const LOOPS = 2;
/** The fallback when no wake-up arrives: retries coming due, other instances' deliveries while the announcement connection is down. */
const POLL_MS = 2_000;
/** After a wake-up, let a few more acks land so that one transaction claims them together. */
const GATHER_MS = 10;
/** A batch left deliveries whose process another batch was holding: claim again this soon. */
const DEFERRED_RETRY_MS = 50;

/**
 * Runs the inbox's processing on this instance (docs/job-recovery.md#the-inbox-is-the-queue): a few
 * loops, each claiming a batch, processing it, and claiming again at once while batches come back
 * full; otherwise waiting for a wake-up — a delivery stored by this instance, a `NOTIFY` on
 * `arqsign_bridge_inbox` from another one — or the poll. Stopped (the batch in hand finished)
 * before the database closes.
 */
@Injectable()
export class InboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new SigningLogger('WebhookProcessor');
  private readonly announcer: JobAnnouncer;
  private readonly loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private pending = 0;
  private stopped = false;
  private unsubscribe?: () => void;

  constructor(
    dataSource: DataSource,
    private readonly processor: DeliveryProcessor,
    private readonly signal: InboxSignal,
  ) {
    this.announcer = new JobAnnouncer({ ...connectionOf(dataSource), application_name: 'arqsign-bridge inbox announcements' }, () => this.wake(), INBOX_CHANNEL);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.stopped) return;
    this.unsubscribe = this.signal.onWork(() => this.wake());
    await this.announcer.start();
    for (let n = 0; n < LOOPS; n++) this.loops.push(this.loop());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.sleepers.forEach((wakeUp) => wakeUp());
    await Promise.allSettled(this.loops);
    await this.announcer.stop();
  }

  /** Work arrived: one sleeping loop claims now (a busy one claims again by itself when its batch was full). */
  private wake(): void {
    const [first] = this.sleepers;
    if (first) first();
    else this.pending++;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let batch = { processed: 0, deferred: 0 };
      try {
        batch = await this.processor.processBatch(INBOX_BATCH_SIZE);
      } catch (error) {
        this.logger.warn({ error: serializeError(error) }, 'Webhook inbox batch failed (database unavailable?); trying again');
      }
      if (this.stopped || batch.processed + batch.deferred >= INBOX_BATCH_SIZE) continue;
      if (batch.deferred) await sleep(DEFERRED_RETRY_MS);
      else {
        await this.idle();
        await sleep(GATHER_MS);
      }
    }
  }

  private idle(): Promise<void> {
    if (this.pending > 0) {
      this.pending = 0;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const wakeUp = () => {
        clearTimeout(timer);
        this.sleepers.delete(wakeUp);
        resolve();
      };
      const timer = setTimeout(wakeUp, POLL_MS);
      timer.unref();
      this.sleepers.add(wakeUp);
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
