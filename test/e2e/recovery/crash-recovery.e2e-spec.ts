import { Logger } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { RunningSimulator, startArqsignSimulator } from '../../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { activeJobs, call, createProcesses, eventually, holdProcessLocks, instanceEnv, query, ServiceProcess, simulatorControl, startInstance } from './support';

const N = 10;
jest.setTimeout(240_000);

/**
 * Issue 11, "done when": work interrupted by a SIGKILL resumes promptly. The compiled service runs
 * as a child process against a simulator owned by the test (so ArqSIGN and its download links
 * survive the kill). Before the kill, the deliveries of some processes are held unprocessed (the
 * test holds their per-process webhook lock, which the inbox's claim respects: they stay queued,
 * RECEIVED) and, in the restart case, every archive hangs mid-download (the simulator never answers
 * a download): those jobs are active, tagged with the instance that dies. A crash mid-batch of
 * the inbox itself is covered by test/integration/webhooks/inbox-queue.integration-spec.ts.
 */
describe('Nothing stalls after a crash (service as a child process, SIGKILL)', () => {
  let simulator: RunningSimulator;
  const databases: TestDatabase[] = [];
  const instances: ServiceProcess[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    simulator = await startArqsignSimulator({ port: 0 });
  });
  afterAll(async () => {
    for (const instance of instances) await instance.kill().catch(() => undefined);
    for (const instance of instances) rmSync(instance.env.DATA_DIR!, { recursive: true, force: true });
    await simulator?.close();
    for (const database of databases) await database.drop().catch(() => undefined);
  });

  async function started(env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
    const instance = await startInstance(env);
    instances.push(instance);
    return instance;
  }

  /**
   * Webhooks to `target`; N processes signed; N conclusions acknowledged; the deliveries of
   * `locked` processes held unprocessed and, with `hangDownloads`, every archive hanging
   * mid-download. Resolves once those deliveries wait in the inbox and `target` itself holds
   * active archive jobs (when wanted).
   */
  async function interruptedWork(target: ServiceProcess, databaseUrl: string, options: { locked: number; hangDownloads: boolean }) {
    const sim = simulatorControl(simulator.url);
    expect((await call(target.url, 'POST', '/v1/admin/arqsign/webhooks/provision')).status).toBe(200);
    const processes = await createProcesses(target.url, N);
    const held = await holdProcessLocks(databaseUrl, processes.slice(0, options.locked).map((p) => p.arqsignProcessId));
    if (options.hangDownloads) {
      await fetch(`${simulator.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: 'GET /download/**', mode: 'timeout', count: 1000 }) });
    }
    for (const p of processes) await sim.act(p.arqsignProcessId, 'sign', { signer: p.email });
    const ids = processes.map((p) => p.id);
    await eventually(async () => {
      const [row] = await query(databaseUrl, "SELECT count(*)::int AS n FROM signing.webhook_delivery WHERE trigger = 8 AND state <> 'DUPLICATE' AND arqsign_process_id = ANY($1)", [processes.map((p) => p.arqsignProcessId)]);
      return row.n === N;
    }, `${N} conclusions acknowledged`, 30_000);
    const [{ id: instance }] = await query(databaseUrl, 'SELECT id::text FROM signing.job_instance WHERE pid = $1 AND stopped_at IS NULL ORDER BY started_at DESC LIMIT 1', [target.child.pid]);
    const heldIds = processes.slice(0, options.locked).map((p) => p.arqsignProcessId);
    const active = await eventually(async () => {
      const jobs = await activeJobs(databaseUrl);
      const of = (queue: string) => jobs.filter((j) => j.queue === queue && j.instance === instance).reduce((sum, j) => sum + j.n, 0);
      const [waiting] = await query(databaseUrl, "SELECT count(*)::int AS n FROM signing.webhook_delivery WHERE state = 'RECEIVED' AND arqsign_process_id = ANY($1)", [heldIds]);
      return waiting.n >= options.locked && (!options.hangDownloads || of('storage.archive') >= 1) ? { jobs, heldDeliveriesWaiting: waiting.n } : undefined;
    }, 'held deliveries waiting and active jobs in the instance about to be killed', 30_000);
    return { ids, held, active };
  }

  async function allDone(base: string, ids: string[]) {
    const states = await Promise.all(ids.map(async (id) => (await call(base, 'GET', `/v1/processes/${id}`)).body));
    return states.every((p) => p.status === 'COMPLETED' && p.archive?.status === 'STORED') ? states : undefined;
  }

  const clearFaults = () => fetch(`${simulator.url}/__sim/faults`, { method: 'DELETE' });

  it(`SIGKILL with ${N} acknowledged conclusions mid-processing and mid-archive, then a restart on the same DATA_DIR: all COMPLETED and STORED within 60 s of ready`, async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const env = await instanceEnv(database.url, simulator);
    const first = await started(env);
    const { ids, held, active } = await interruptedWork(first, database.url, { locked: 1, hangDownloads: true });
    process.stdout.write(`active at the kill: ${JSON.stringify(active)}\n`);

    await first.kill();
    await clearFaults();
    await held.release();
    const restarted = await started(env); // same PORT, DATA_DIR and database
    expect(restarted.output()).toContain('Taking over DATA_DIR');

    await eventually(() => allDone(restarted.url, ids), 'every process COMPLETED with its archive STORED', 60_000);
    const seconds = (Date.now() - restarted.readyAt) / 1000;
    process.stdout.write(`restart ready in ${restarted.readyMs} ms; all ${N} COMPLETED + STORED ${seconds.toFixed(1)} s after ready\n`);
    expect(seconds).toBeLessThan(60);
    expect(restarted.output()).toContain('Job of a dead instance handed back for a retry');
    await restarted.stop();
  });

  it('two instances started at the same moment on an empty database both come up; one is killed and never restarted: the survivor finishes within 90 s', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const [envA, envB] = [await instanceEnv(database.url, simulator), await instanceEnv(database.url, simulator)];
    const [a, b] = await Promise.all([started(envA), started(envB)]);
    for (const instance of [a, b]) {
      expect(instance.output()).not.toMatch(/already exists|QueryFailedError|Unable to connect to the database/);
    }
    // Local storage on a shared database is refused loudly.
    await eventually(async () => a.output().includes('local_storage_shared_database') || b.output().includes('local_storage_shared_database'), 'the shared-storage alert', 40_000);

    // Three processes held: their deliveries wait in the inbox until the lock is released after the kill.
    const { ids, held, active } = await interruptedWork(a, database.url, { locked: 3, hangDownloads: false });
    process.stdout.write(`active at the kill: ${JSON.stringify(active)}\n`);
    await a.kill();
    await clearFaults();
    await held.release();
    const killedAt = Date.now();
    await eventually(() => allDone(b.url, ids), 'the survivor to finish', 90_000).catch(async (error: Error) => {
      const states = await Promise.all(ids.map(async (id) => (await call(b.url, 'GET', `/v1/processes/${id}`)).body));
      process.stdout.write(`${JSON.stringify(states.map((p) => [p.status, p.archive]))}\n${JSON.stringify(await query(database.url, 'SELECT name, state::text, count(*)::int FROM pgboss.job GROUP BY 1, 2'))}\n${JSON.stringify(await query(database.url, 'SELECT state, count(*)::int FROM signing.webhook_delivery GROUP BY 1'))}\n${b.output().split('\n').filter((l) => /"level":"(warn|error)"/.test(l)).slice(-30).join('\n')}\n`);
      throw error;
    });
    const seconds = (Date.now() - killedAt) / 1000;
    process.stdout.write(`survivor finished all ${N} ${seconds.toFixed(1)} s after the kill\n`);
    expect(seconds).toBeLessThan(90);
    await b.stop();
  });
});
