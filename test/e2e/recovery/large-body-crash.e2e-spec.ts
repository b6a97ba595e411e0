import { Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { RunningSimulator, startArqsignSimulator } from '../../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { eventually, instanceEnv, query, ServiceProcess, startInstance } from './support';

jest.setTimeout(120_000);

const SECRET = 'large-body-crash-secret';

/**
 * Issue 18 (docs/large-bodies.md): a large webhook body is streamed into PostgreSQL inside one
 * transaction that commits only with the inbox row. The compiled service is SIGKILLed while it is
 * writing such a body: PostgreSQL rolls the transaction back, nothing is half-stored, and the
 * restarted service accepts the same delivery whole.
 */
describe('A crash in the middle of a large webhook body leaves nothing half-stored (service as a child process, SIGKILL)', () => {
  let simulator: RunningSimulator;
  let database: TestDatabase;
  const instances: ServiceProcess[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    simulator = await startArqsignSimulator({ port: 0 });
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const instance of instances) await instance.kill().catch(() => undefined);
    for (const instance of instances) rmSync(instance.env.DATA_DIR!, { recursive: true, force: true });
    await simulator?.close();
    await database?.drop().catch(() => undefined);
  });

  const counts = async () => (await query(database.url, 'SELECT (SELECT count(*)::int FROM signing.webhook_delivery) AS rows, (SELECT count(*)::int FROM signing.webhook_body_chunk) AS chunks'))[0];
  const openUploads = async () =>
    (await query(database.url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND query LIKE 'INSERT INTO signing.webhook_body_chunk%'"))[0].n as number;

  it('SIGKILL while chunks are being written: no row, no chunk; after a restart the same body is stored whole', async () => {
    const env = await instanceEnv(database.url, simulator, { ARQSIGN_WEBHOOK_SECRETS: SECRET });
    const first = await startInstance(env);
    instances.push(first);
    const before = await counts();

    const body = Buffer.from(JSON.stringify({ Evento: 'Teste', IdEvento: 99, Dados: 'QUJD'.repeat(1024 * 1024) }), 'utf8'); // 4 MiB
    const hmac = createHmac('sha256', SECRET).update(body).digest('base64');
    const req = httpRequest(`${first.url}/webhooks/arqsign`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, hmac } });
    req.on('error', () => undefined);
    req.write(body.subarray(0, 3 * 1024 * 1024));
    await eventually(async () => ((await openUploads()) > 0 ? true : undefined), 'the service writing chunks in its open transaction');

    await first.kill();
    req.destroy();
    await eventually(async () => ((await openUploads()) === 0 ? true : undefined), 'PostgreSQL ending the dead connection\'s transaction');
    expect(await counts()).toEqual(before);

    const second = await startInstance({ ...env });
    instances.push(second);
    const response = await fetch(`${second.url}/webhooks/arqsign`, { method: 'POST', headers: { 'content-type': 'application/json', hmac }, body });
    expect(response.status).toBe(200);
    const ack = (await response.json()) as { deliveryId: string };
    const chunks = await query<{ data: Buffer }>(database.url, 'SELECT data FROM signing.webhook_body_chunk WHERE delivery_id = $1 ORDER BY seq', [ack.deliveryId]);
    expect(Buffer.concat(chunks.map((c) => c.data)).equals(body)).toBe(true);
  });
});
