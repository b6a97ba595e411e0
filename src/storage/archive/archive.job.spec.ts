import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobQueue, QueueJob } from '../../jobs/job-queue';
import type { DurableEvent, DurableEvents } from '../../events/durable-events';
import type { ProcessChangedPayload } from '../../signing-processes';
import type { HistoryEntry } from '../../signing-processes/domain/history-entry';
import type { SigningProcessProps } from '../../signing-processes/domain/signing-process.props';
import { InMemoryStoredFileRepository } from '../testing/in-memory-stored-file.repository';
import { ARCHIVE_QUEUE, ArchiveJob, ArchiveJobData } from './archive.job';
import { ARCHIVE_CONSUMER, ArchiveTrigger } from './archive-trigger';
import type { ArchiveService } from './archive.service';

class RecordingQueue {
  readonly enqueued: { name: string; data: unknown; options: Record<string, unknown> }[] = [];
  readonly woken: string[] = [];
  async enqueue(name: string, data: object, options: Record<string, unknown> = {}) {
    this.enqueued.push({ name, data, options });
    return 'job-id';
  }
  readonly live = new Set<string>();
  readonly recovered: [string, string, number][] = [];
  async work() {}
  every() {}
  wake(name: string) {
    this.woken.push(name);
  }
  async withoutLiveJob(_queue: string, _key: string, values: string[]) {
    return values.filter((v) => !this.live.has(v));
  }
  reportRecovered(queue: string, reason: string, count: number) {
    this.recovered.push([queue, reason, count]);
  }
}

const job = (lastAttempt: boolean): QueueJob<ArchiveJobData> => ({ id: 'j', name: ARCHIVE_QUEUE, data: { processId: 'p-1' }, retryCount: 0, retryLimit: 5, lastAttempt });
/** A `signing.process.changed` event as the dispatcher hands it over (JSON: dates as strings). */
const changed = (...types: string[]): DurableEvent<ProcessChangedPayload> => ({
  eventId: 'e-1',
  name: 'signing.process.changed',
  key: 'p-1',
  occurredAt: new Date(),
  payload: JSON.parse(
    JSON.stringify({
      process: { id: 'p-1', signers: [], createdAt: new Date(), updatedAt: new Date(), sendAttemptedAt: null, expiredAt: null, completedAt: null, cancelledAt: null } as unknown as SigningProcessProps,
      history: types.map((type) => ({ type, occurredAt: new Date() }) as HistoryEntry),
      cause: null,
    }),
  ),
});

describe('ArchiveJob', () => {
  beforeAll(() => Logger.overrideLogger(false));

  function setup(run: () => Promise<unknown> = async () => ({ outcome: 'stored', files: [] })) {
    const queue = new RecordingQueue();
    const failed: [string, string][] = [];
    const archive = { run, fail: async (id: string, error: string) => void failed.push([id, error]) } as unknown as ArchiveService;
    const files = new InMemoryStoredFileRepository();
    const archiveJob = new ArchiveJob(queue as unknown as JobQueue, archive, files);
    const subscribed: string[] = [];
    const trigger = new ArchiveTrigger({ subscribe: (consumer: string, names: string[]) => void subscribed.push(`${consumer} <- ${names.join()}`) } as unknown as DurableEvents, archiveJob);
    trigger.onModuleInit();
    return { queue, trigger, subscribed, failed, archiveJob, files };
  }

  it.each([
    [['process.completed'], 1],
    [['archive.retry-requested'], 1],
    [['signer.signed', 'process.completed'], 1],
    [['signer.signed'], 0],
    [['archive.stored'], 0],
    [['archive.failed'], 0],
  ])('a change with %j enqueues %d archive job(s) inside the dispatch transaction, woken after its commit', async (types, count) => {
    const { queue, trigger, subscribed } = setup();
    expect(subscribed).toEqual([`${ARCHIVE_CONSUMER} <- signing.process.changed`]);
    const transaction = { marker: 'tx' } as unknown as EntityManager;
    const afterCommit: (() => void | Promise<void>)[] = [];
    await trigger.handle(changed(...types), { transaction, afterCommit: (fn) => void afterCommit.push(fn) });
    expect(queue.enqueued).toHaveLength(count);
    if (count) expect(queue.enqueued[0]).toMatchObject({ name: ARCHIVE_QUEUE, data: { processId: 'p-1' }, options: { manager: transaction, retryLimit: 5, retryBackoff: true } });
    expect(queue.woken).toEqual([]);
    for (const fn of afterCommit) await fn();
    expect(queue.woken).toEqual(count ? [ARCHIVE_QUEUE] : []);
  });

  it('runs the archive for the job', async () => {
    const runs: string[] = [];
    const { archiveJob } = setup(async () => (runs.push('p-1'), { outcome: 'skipped', reason: 'x' }));
    await archiveJob.handle(job(false));
    expect(runs).toEqual(['p-1']);
  });

  it('lets pg-boss retry an unexpected error, and marks the archive FAILED once retries are exhausted', async () => {
    const { archiveJob, failed } = setup(async () => {
      throw new Error('database went away');
    });
    await expect(archiveJob.handle(job(false))).rejects.toThrow('database went away');
    expect(failed).toEqual([]);
    await archiveJob.handle(job(true));
    expect(failed).toEqual([['p-1', 'Archive job failed: database went away']]);
  });

  it('the sweep enqueues the PENDING archives that have no live job, and counts them as recovered', async () => {
    const { archiveJob, queue, files } = setup();
    files.pending = ['p-7', 'p-8', 'p-9'];
    queue.live.add('p-8');
    expect(await archiveJob.sweep(new Date())).toEqual(['p-7', 'p-9']);
    expect(queue.enqueued.map((e) => e.data)).toEqual([{ processId: 'p-7' }, { processId: 'p-9' }]);
    expect(queue.recovered).toEqual([[ARCHIVE_QUEUE, 'sweep', 2]]);
  });
});
