import { startArqsignSimulator } from '../../../src/sandbox';
import type { RunningSimulator } from '../../../src/sandbox';
import { eventually } from '../../support/eventually';
import { startTestService, TestService } from '../../support/test-service';
import request from 'supertest';
import { client, makePdf } from '../signing-processes/support';

/**
 * ARQSIGN_RATE_LIMITS against a simulator that enforces the same window (docs/rate-limits.md):
 * work beyond the budget waits (its send is rescheduled), it never fails, and ArqSIGN never has
 * to answer 429.
 */
describe('ArqSIGN rate limits shared through PostgreSQL (2/min)', () => {
  let simulator: RunningSimulator;
  let service: TestService;

  beforeAll(async () => {
    simulator = await startArqsignSimulator({ port: 0, rateLimit: true, rateLimits: [{ windowMs: 60_000, limit: 2 }] });
    service = await startTestService({
      API_KEYS: 'erp:erp-key-0001',
      ARQSIGN_BASE_URL: simulator.url,
      ARQSIGN_APP_KEY: simulator.account.appKey,
      ARQSIGN_SUBSCRIPTION_KEY: simulator.account.subscriptionKeys[0],
      ARQSIGN_RESPONSIBLE_ID: simulator.account.responsibleId,
      ARQSIGN_FOLDER_ID: simulator.account.folderId,
      ARQSIGN_RATE_LIMITS: '2/min',
    });
  });
  afterAll(async () => {
    await service?.close();
    await simulator?.close();
  });

  it('creates 5 processes at once: all reach IN_PROGRESS, none SEND_FAILED, no 429 from ArqSIGN', async () => {
    const erp = client(service.app.getHttpServer(), 'erp-key-0001');
    const pdf = await makePdf('Limite');
    const created = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        erp.post('/v1/processes', { name: `Contrato ${n}`, documents: [{ fileName: 'c.pdf', contentBase64: pdf.toString('base64') }], signers: [{ name: 'Ana', email: `ana${n}@example.com` }] }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const first = created.map((r) => r.body.status).sort();
    expect(first).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'SENDING', 'SENDING', 'SENDING']); // two fit the minute, three wait
    const budget = (await request(service.app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(budget).toMatch(/arqsign_rate_budget_remaining\{window="minute"\} 0/);

    const statuses = await eventually(
      async () => {
        const now = await Promise.all(created.map(async (r) => (await erp.get(`/v1/processes/${r.body.id}`)).body.status as string));
        expect(now).not.toContain('SEND_FAILED');
        return now.every((s) => s === 'IN_PROGRESS') && now;
      },
      'all five processes are sent',
      200_000,
    );
    expect(statuses).toHaveLength(5);
    expect(await (await fetch(`${simulator.url}/__sim/rate-limit`)).json()).toEqual({ enabled: true, rejected: 0 });
    expect(((await (await fetch(`${simulator.url}/__sim/processes`)).json()) as unknown[]).length).toBe(5);
  }, 240_000);
});
