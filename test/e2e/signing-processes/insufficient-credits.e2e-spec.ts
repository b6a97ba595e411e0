import { startArqsignSimulator } from '../../../src/sandbox';
import type { RunningSimulator } from '../../../src/sandbox';
import { startTestService, TestService } from '../../support/test-service';
import { client, makePdf, processBody, simulatorControl } from './support';

/**
 * An account without credits: the sandbox starts its simulator with the default balance, so this
 * file runs the service in live mode against its own simulator started with `credits: 0`.
 */
describe('POST /v1/processes when ArqSIGN has no credits', () => {
  let simulator: RunningSimulator;
  let service: TestService;

  beforeAll(async () => {
    simulator = await startArqsignSimulator({ port: 0, credits: 0 });
    service = await startTestService({
      API_KEYS: 'erp:erp-key-0001',
      ARQSIGN_BASE_URL: simulator.url,
      ARQSIGN_APP_KEY: simulator.account.appKey,
      ARQSIGN_SUBSCRIPTION_KEY: simulator.account.subscriptionKeys[0],
      ARQSIGN_RESPONSIBLE_ID: simulator.account.responsibleId,
      ARQSIGN_FOLDER_ID: simulator.account.folderId,
    });
  });
  afterAll(async () => {
    await service?.close();
    await simulator?.close();
  });

  it("is SEND_FAILED with ArqSIGN's message, a send-failed history entry, and no ArqSIGN process", async () => {
    const erp = client(service.app.getHttpServer(), 'erp-key-0001');
    const response = await erp.post('/v1/processes', processBody(await makePdf('Sem créditos'))).expect(201);
    expect(response.body).toMatchObject({
      status: 'SEND_FAILED',
      arqsignProcessId: null,
      error: {
        code: 'ARQSIGN.INSUFFICIENT_CREDITS',
        message: 'Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente',
        arqsignMessages: ['Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente'],
      },
    });
    const history = await erp.get(`/v1/processes/${response.body.id}/history`).expect(200);
    expect(history.body.items.map((h: { type: string; source: string; toStatus: string }) => [h.type, h.source, h.toStatus])).toEqual([
      ['process.created', 'api', 'SENDING'],
      ['process.send-failed', 'api', 'SEND_FAILED'],
    ]);
    expect(await simulatorControl(simulator.url).processes()).toEqual([]);
    // Terminal: nothing moves it, a restart is the way forward.
    await erp.post(`/v1/processes/${response.body.id}/resend`).expect(409);
    await erp.post(`/v1/processes/${response.body.id}/sync`).expect(200);
  });
});
