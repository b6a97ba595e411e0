import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { startTestService, type TestService } from '../../support/test-service';
import { makePdf, simulatorControl } from '../signing-processes/support';

/**
 * Issue 17: the sandbox keeps its state across restarts. The simulator's state is saved under
 * DATA_DIR, so a process created before a restart is synced, signed, cancelled and concluded after.
 */
describe('Sandbox mode keeps its state across a restart', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let service: TestService | undefined;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${service!.config.port}${path}`, {
      method,
      headers: { 'X-Api-Key': 'sandbox-key', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'arqsign-bridge-sandbox-'));
    env = { DATA_DIR: dataDir, PORT: String(await freePort()), SANDBOX_PORT: String(await freePort()) };
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a process created before the restart is synced, signed, cancelled and concluded after it', async () => {
    service = await startTestService(env, { database });
    const pdf = await makePdf('Contrato antes do reinício');
    const create = (externalId: string) =>
      api('POST', '/v1/processes', {
        name: `Contrato ${externalId}`,
        externalId,
        documents: [{ fileName: 'contrato.pdf', contentBase64: pdf.toString('base64') }],
        signers: [
          { name: 'Maria Silva', email: 'maria@example.com', order: 1 },
          { name: 'João Lima', email: 'joao@example.com', order: 2 },
        ],
        settings: { useSigningOrder: true },
      });
    const toSign = await create('RESTART-1');
    const toCancel = await create('RESTART-2');
    expect([toSign.status, toCancel.status]).toEqual([201, 201]);
    expect(toSign.body.status).toBe('IN_PROGRESS');
    const accountBefore = service.simulator!.account;
    await service.close();
    service = undefined;
    expect(existsSync(join(dataDir, 'sandbox', 'simulator-state.v8'))).toBe(true);

    service = await startTestService(env, { database });
    // The same ArqSIGN account (keys and ids) and the same processes.
    expect(service.simulator!.account).toEqual(accountBefore);
    const synced = await api('POST', `/v1/processes/${toSign.body.id}/sync`, {});
    expect(synced.status).toBe(200);
    expect(synced.body.status).toBe('IN_PROGRESS');

    const cancelled = await api('POST', `/v1/processes/${toCancel.body.id}/cancel`, { reason: 'after the restart' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');

    const sim = simulatorControl(service.simulator!.url);
    await sim.act(toSign.body.arqsignProcessId, 'sign');
    await sim.act(toSign.body.arqsignProcessId, 'sign');
    const done = await eventually(async () => {
      const process = (await api('GET', `/v1/processes/${toSign.body.id}`)).body;
      return process.status === 'COMPLETED' && process.archive.status === 'STORED' && process;
    }, 'COMPLETED and archive STORED after the restart');
    expect(done.signers.map((s: any) => s.status)).toEqual(['SIGNED', 'SIGNED']);
    const files = await api('GET', `/v1/processes/${toSign.body.id}/files`);
    expect(files.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('a busy SANDBOX_PORT or PORT fails with a message naming the variable', async () => {
    await service?.close();
    service = undefined;
    const blocker: Server = createServer();
    const busy = await freePort();
    await new Promise<void>((done) => blocker.listen(busy, '127.0.0.1', done));
    try {
      await expect(startTestService({ ...env, SANDBOX_PORT: String(busy) }, { database })).rejects.toThrow(`SANDBOX_PORT=${busy} is already in use`);
      await expect(startTestService({ ...env, PORT: String(busy) }, { database })).rejects.toThrow(`PORT=${busy} is already in use`);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });
});
