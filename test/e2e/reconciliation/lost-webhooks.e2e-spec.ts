import request from 'supertest';
import type { App } from 'supertest/types';
import { startTestService, TestService } from '../../support/test-service';
import { makePdf, processBody, simulatorControl } from '../signing-processes/support';
import { eventually, metricValue, scrape } from './support';

interface ProcessBody {
  id: string;
  status: string;
  arqsignProcessId: string;
  archive: { status: string; error: string | null };
  signers: { status: string }[];
}

interface HistoryItem {
  type: string;
  source: string;
  actor: string;
  toStatus: string | null;
}

/**
 * Issue 7, "done when": with the simulator's webhooks paused, processes signed (or refused, or
 * past their deadline) in ArqSIGN reach their end through reconciliation alone — COMPLETED with
 * the archive STORED, REFUSED, EXPIRED — and no webhook was delivered for them.
 * Sandbox mode, RECONCILE_INTERVAL_S = RECONCILE_STALE_AFTER_S = 1.
 */
describe('Reconciliation: lost webhooks (paused in the simulator)', () => {
  let service: TestService;
  let http: App;
  let sim: ReturnType<typeof simulatorControl>;
  let pdfA: Buffer;
  let pdfB: Buffer;
  const erp = () => ({
    get: (path: string) => request(http).get(path).set('X-Api-Key', 'erp-key-0001'),
    post: (path: string, body: object) => request(http).post(path).set('X-Api-Key', 'erp-key-0001').send(body),
  });

  beforeAll(async () => {
    service = await startTestService({ API_KEYS: 'erp:erp-key-0001', RECONCILE_INTERVAL_S: '1', RECONCILE_STALE_AFTER_S: '1' });
    http = service.app.getHttpServer();
    sim = simulatorControl(service.simulator!.url);
    await sim.pauseWebhooks();
    [pdfA, pdfB] = await Promise.all([makePdf('Contrato 4711'), makePdf('Anexo')]);
  });
  afterAll(() => service?.close());

  const create = async (overrides: Record<string, unknown>) => {
    const response = await erp().post('/v1/processes', processBody(pdfA, overrides));
    expect({ status: response.status, body: response.status === 201 ? response.body.status : response.body }).toEqual({ status: 201, body: 'IN_PROGRESS' });
    return response.body as ProcessBody;
  };
  const read = async (id: string) => (await erp().get(`/v1/processes/${id}`).expect(200)).body as ProcessBody;
  const history = async (id: string) => (await erp().get(`/v1/processes/${id}/history`).expect(200)).body.items as HistoryItem[];
  const deliveriesFor = async (id: string) => (await erp().get(`/v1/admin/webhook-deliveries?processId=${id}`).expect(200)).body.items as unknown[];

  it('a process signed in ArqSIGN becomes COMPLETED and its files are archived (STORED), by syncs only', async () => {
    const created = await create({
      name: 'Contrato reconciliado',
      documents: [
        { fileName: 'contrato.pdf', contentBase64: pdfA.toString('base64') },
        { fileName: 'anexo.pdf', contentBase64: pdfB.toString('base64') },
      ],
      signers: [{ name: 'Maria Silva', email: 'maria@example.com', order: 1 }],
    });
    await sim.act(created.arqsignProcessId, 'sign');

    const done = await eventually(async () => {
      const current = await read(created.id);
      return current.status === 'COMPLETED' && current.archive.status === 'STORED' && current;
    }, 'COMPLETED with the archive STORED', 40_000);
    expect(done.signers.map((s) => s.status)).toEqual(['SIGNED']);

    const entries = await history(created.id);
    expect(entries.find((e) => e.type === 'signer.signed')).toMatchObject({ source: 'sync', actor: 'system' });
    expect(entries.find((e) => e.type === 'process.completed')).toMatchObject({ source: 'sync', actor: 'system', toStatus: 'COMPLETED' });
    expect(entries.some((e) => e.source === 'webhook')).toBe(false);

    // Like after a conclusion webhook: every signed document and its signature record, from GET v2.
    const files = (await erp().get(`/v1/processes/${created.id}/files`).expect(200)).body.items as { kind: string; documentOrder: number; sha256: string }[];
    expect(files.map((f) => `${f.kind}#${f.documentOrder}`).sort()).toEqual(['SIGNATURE_RECORD#1', 'SIGNATURE_RECORD#2', 'SIGNED_DOCUMENT#1', 'SIGNED_DOCUMENT#2']);
    expect(files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);

    // Nothing was delivered: the simulator held every event, the inbox has none for it.
    expect(await deliveriesFor(created.id)).toEqual([]);

    const metrics = await scrape(http);
    expect(metricValue(metrics, 'arqsign_reconcile_changes_total', { status: 'COMPLETED' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'arqsign_reconcile_processes_total', { reason: 'STALE', outcome: 'changed' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'arqsign_reconcile_last_run_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('a refusal in ArqSIGN makes the process REFUSED, with the reason', async () => {
    const created = await create({ name: 'Contrato recusado', signers: [{ name: 'Maria Silva', email: 'maria@example.com', order: 1 }] });
    await sim.act(created.arqsignProcessId, 'refuse', { reason: 'Valor errado' });
    const refused = await eventually(async () => {
      const current = await read(created.id);
      return current.status === 'REFUSED' && current;
    }, 'REFUSED', 30_000);
    expect(refused).toMatchObject({ refusal: { reason: 'Valor errado' } });
    expect((await history(created.id)).find((e) => e.type === 'process.refused')).toMatchObject({ source: 'sync', actor: 'system' });
  });

  it('a process past its deadline in ArqSIGN is seen as expired', async () => {
    // Deadline left to the account's default: we cannot compute it, so reconciliation reads the
    // process in full (the status call cannot show an expiry; docs/rate-limits.md#cheap-polling).
    const created = await create({ name: 'Contrato vencido', signers: [{ name: 'Maria Silva', email: 'maria@example.com', order: 1 }], settings: { useSigningOrder: true } });
    await sim.act(created.arqsignProcessId, 'expire');
    const entry = await eventually(async () => (await history(created.id)).find((e) => e.type === 'process.expired'), 'process.expired in the history', 30_000);
    expect(entry).toMatchObject({ source: 'sync', actor: 'system', toStatus: 'EXPIRED' });
  });

  it('logs what it found, and the inbox and job metrics are exported', async () => {
    expect(service.logLines.some((line) => line.includes('Reconciliation found changes'))).toBe(true);
    const metrics = await scrape(http);
    expect(metricValue(metrics, 'webhook_inbox_backlog')).toBe(0);
    expect(metricValue(metrics, 'webhook_inbox_oldest_unprocessed_seconds')).toBe(0);
    expect(metricValue(metrics, 'webhook_inbox_quarantined')).toBe(0);
    expect(metrics).toMatch(/^arqsign_jobs\{queue="storage\.archive",state="completed"\} [1-9]/m);
    expect(metrics).toMatch(/^arqsign_job_retries\{queue="storage\.archive"\} \d+/m);
  });
});
