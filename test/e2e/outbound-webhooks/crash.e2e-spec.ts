import { Logger } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { RunningSimulator, startArqsignSimulator } from '../../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { activeJobs, call, createProcesses, eventually, instanceEnv, query, ServiceProcess, simulatorControl, startInstance } from '../recovery/support';
import { TestReceiver } from './receiver';

const N = 5;
jest.setTimeout(240_000);

/**
 * Issue 16, "done when": SIGKILL of the service during deliveries, then a restart: every message
 * arrives at least once, no message id is missing. The compiled service runs as a child process
 * (live mode, against a simulator the test owns); the receiver holds the requests open while the
 * service is killed, so deliveries are in flight (active jobs of the dying instance) at the kill.
 */
describe('Outbound webhooks survive a SIGKILL (service as a child process)', () => {
  let simulator: RunningSimulator;
  let database: TestDatabase;
  const instances: ServiceProcess[] = [];
  const receiver = new TestReceiver();

  beforeAll(async () => {
    Logger.overrideLogger(false);
    simulator = await startArqsignSimulator({ port: 0 });
    database = await createTestDatabase();
    await receiver.start();
  });
  afterAll(async () => {
    for (const instance of instances) await instance.kill().catch(() => undefined);
    for (const instance of instances) rmSync(instance.env.DATA_DIR!, { recursive: true, force: true });
    await receiver.stop();
    await simulator?.close();
    await database?.drop().catch(() => undefined);
  });

  it(`${N} processes signed while the receiver hangs, SIGKILL, restart: every message id arrives`, async () => {
    const env = await instanceEnv(database.url, simulator, { OUTBOUND_ALLOW_HTTP_HOSTS: '127.0.0.1', OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_RETRY_BASE_MS: '500' });
    const first = await startInstance(env);
    instances.push(first);
    expect((await call(first.url, 'POST', '/v1/admin/arqsign/webhooks/provision')).status).toBe(200);
    const endpoint = await call(first.url, 'POST', '/v1/webhook-endpoints', { url: receiver.url });
    expect(endpoint.status).toBe(201);
    receiver.secrets = [endpoint.body.signingSecret];

    // Requests hang (unanswered, not counted as received) until the service is gone.
    let hold = true;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    receiver.respond = async () => {
      if (!hold) return 204;
      await released;
      return 503;
    };

    const processes = await createProcesses(first.url, N);
    const sim = simulatorControl(simulator.url);
    for (const p of processes) await sim.act(p.arqsignProcessId, 'sign', { signer: p.email });
    const [{ id: instance }] = await query(database.url, 'SELECT id::text FROM signing.job_instance WHERE pid = $1 AND stopped_at IS NULL ORDER BY started_at DESC LIMIT 1', [first.child.pid]);
    await eventually(async () => {
      const jobs = await activeJobs(database.url);
      return jobs.some((j) => j.queue === 'notifications.delivery' && j.instance === instance && j.n >= 1);
    }, 'deliveries in flight in the instance about to be killed', 30_000);
    // Every conclusion webhook stored before the kill: this test is about our outbound messages, not
    // about ArqSIGN's own webhook retries (a delivery refused by the dying service would only come
    // back on the simulator's retry schedule, minutes later).
    await eventually(async () => {
      const [row] = await query(database.url, 'SELECT count(DISTINCT lower(arqsign_process_id))::int AS n FROM signing.webhook_delivery WHERE trigger = 8 AND lower(arqsign_process_id) = ANY($1)', [processes.map((p) => p.arqsignProcessId.toLowerCase())]);
      return row.n === N;
    }, 'every conclusion webhook stored before the kill', 30_000);
    const before = await query(database.url, 'SELECT count(*)::int AS n FROM signing.outbound_message WHERE process_id = ANY($1)', [processes.map((p) => p.id)]);
    process.stdout.write(`messages written at the kill: ${before[0].n}, received: ${receiver.messages.length}\n`);

    await first.kill();
    hold = false;
    release();

    const second = await startInstance(env);
    instances.push(second);
    const ids = processes.map((p) => p.id);
    await eventually(async () => {
      const states = await Promise.all(ids.map(async (id) => (await call(second.url, 'GET', `/v1/processes/${id}`)).body));
      return states.every((p) => p.status === 'COMPLETED' && p.archive?.status === 'STORED');
    }, 'every process COMPLETED and STORED after the restart', 90_000);

    const written = await query<{ id: string; type: string }>(database.url, 'SELECT id, type FROM signing.outbound_message WHERE process_id = ANY($1)', [ids]);
    // sent, signer_signed, completed, archived per process.
    expect(written).toHaveLength(4 * N);
    const missing = await eventually(async () => {
      const got = new Set(receiver.messages.map((m) => m.id));
      const left = written.filter((m) => !got.has(m.id));
      return left.length === 0 ? left : undefined;
    }, 'every written message at the receiver', 90_000);
    expect(missing).toEqual([]);
    expect(receiver.rejected).toEqual([]);
    const pending = await query(database.url, "SELECT count(*)::int AS n FROM signing.outbound_delivery WHERE state <> 'DELIVERED'");
    expect(pending[0].n).toBe(0);
  });
});
