import { Registry } from 'prom-client';
import request from 'supertest';
import type { App } from 'supertest/types';
import { ReconciliationMetrics } from '../../../src/reconciliation/reconciliation.metrics';
import { ReconciliationService } from '../../../src/reconciliation/reconciliation.service';
import { RECONCILIATION_SETTINGS, type ReconciliationSettings } from '../../../src/reconciliation/reconciliation.settings';
import { SigningProcessesService } from '../../../src/signing-processes';
import { startTestService, TestService } from '../../support/test-service';
import { makePdf, simulatorControl } from '../signing-processes/support';
import { metricValue, scrape } from './support';

/**
 * Cheap polling (docs/rate-limits.md#cheap-polling): reconciling open processes whose ArqSIGN status
 * is what our state implies costs one status call each and no GET v2. Sandbox mode; the run is the
 * service's own reconciliation (facade, client) with the call spacing taken out.
 */
describe('Reconciliation asks the status call first', () => {
  let service: TestService;
  let http: App;

  beforeAll(async () => {
    service = await startTestService({ API_KEYS: 'erp:erp-key-0001', ARQSIGN_RATE_LIMITS: '100/s', RECONCILE_INTERVAL_S: '3600' });
    http = service.app.getHttpServer();
  });
  afterAll(() => service?.close());

  const calls = async (endpoint: string) => metricValue(await scrape(http), 'arqsign_client_requests_total', { endpoint, outcome: 'success' }) ?? 0;

  it('100 open, unchanged processes: 100 status calls and 0 GET v2 calls', async () => {
    const pdf = (await makePdf('Contrato')).toString('base64');
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          request(http)
            .post('/v1/processes')
            .set('X-Api-Key', 'erp-key-0001')
            .send({ name: `Contrato ${batch * 10 + i}`, documents: [{ fileName: 'c.pdf', contentBase64: pdf }], signers: [{ name: 'Ana', email: `ana${batch * 10 + i}@example.com` }], settings: { expirationDays: 30 } }),
        ),
      );
      for (const r of created) {
        expect([r.status, r.body.status]).toEqual([201, 'IN_PROGRESS']);
        ids.push(r.body.id);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let them become stale (1 s)

    const settings: ReconciliationSettings = { ...service.app.get<ReconciliationSettings>(RECONCILIATION_SETTINGS), intervalS: 1, staleAfterS: 1, maxProcessesPerRun: 200, minCallSpacingMs: 0 };
    const reconciliation = new ReconciliationService(service.app.get(SigningProcessesService), new ReconciliationMetrics(new Registry()), settings);
    const [statusBefore, getBefore] = [await calls('getProcessStatus'), await calls('getProcess')];

    const summary = await reconciliation.run();

    expect(summary).toMatchObject({ due: 100, synced: 100, changed: 0, failed: 0 });
    expect((await calls('getProcessStatus')) - statusBefore).toBe(100);
    expect((await calls('getProcess')) - getBefore).toBe(0);
    expect((await simulatorControl(service.simulator!.url).processes()).filter((p) => p.status === 'Aguardando')).toHaveLength(100);
  }, 180_000);
});
