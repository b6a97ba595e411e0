import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { JobQueue, RecoveryReason } from '../../../src/jobs/job-queue';
import { ReactionStore, RUN_REACTION_QUEUE } from '../../../src/signing-processes/application/reactions/reaction-store';
import { ReactionSweeper } from '../../../src/signing-processes/application/reactions/reaction-sweeper';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/** An automatic reaction still open whose job is gone gets a new one from the sweep (docs/job-recovery.md). */
describe('ReactionSweeper (real PostgreSQL, pg-boss)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let jobs: JobQueue;
  let sweeper: ReactionSweeper;
  const recovered: [string, RecoveryReason, number][] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    jobs = new JobQueue(dataSource, { recoveryIntervalSeconds: 3600 });
    await jobs.onApplicationBootstrap();
    jobs.onRecovered((queue, reason, count) => recovered.push([queue, reason, count]));
    sweeper = new ReactionSweeper(new ReactionStore(dataSource, jobs), jobs); // no worker: jobs stay `created`
  });
  afterAll(async () => {
    await jobs?.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives a new job to an open reaction that has none (old enough), and to no other', async () => {
    const reaction = (state: string, agedMinutes: number) =>
      dataSource
        .query(
          `INSERT INTO signing.process_reaction (delivery_id, process_id, kind, state, updated_at)
           VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, now() - make_interval(mins => $3)) RETURNING id`,
          [`${state === 'DONE' ? 'RESEND_OTHER_CHANNEL' : 'RENEW_ON_EXPIRY'}`, state, agedMinutes],
        )
        .then((rows: { id: string }[]) => rows[0].id);
    const lost = await reaction('PENDING', 5);
    const done = await reaction('DONE', 5);
    const recent = await reaction('STARTED', 0);
    const reactionJobs = async (id: string) =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'reactionId' = $2`, [RUN_REACTION_QUEUE, id]))[0].n as number;

    expect(await sweeper.sweep()).toEqual({ reactions: 1 });
    expect(await reactionJobs(lost)).toBe(1);
    expect(await reactionJobs(done)).toBe(0);
    expect(await reactionJobs(recent)).toBe(0);
    expect(recovered).toContainEqual([RUN_REACTION_QUEUE, 'sweep', 1]);
    expect(await sweeper.sweep()).toEqual({ reactions: 0 });
  });
});
