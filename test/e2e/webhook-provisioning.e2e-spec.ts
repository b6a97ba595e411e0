import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { WebhookConfigStore } from '../../src/arqsign-client/provisioning/webhook-config.store';
import { RunningSimulator, startArqsignSimulator } from '../../src/sandbox';
import { apiClient, control, RecordingListener, simpleSendRequest, startListener, verifyHmac, waitFor, type Api } from '../integration/sandbox/sandbox-test-kit';
import { startTestService, TestService } from '../support/test-service';

const ADMIN_KEY = 'ops-key-0002';
const CLIENT_KEY = 'erp-key-0001';
const TRACKING_TRIGGERS = [1, 2, 3, 4, 5, 6, 7];

interface StoredRow {
  kind: string;
  name: string;
  arqsign_id: string;
  url: string;
  hmac_secret: string | null;
  created_at: Date;
  last_provisioned_at: Date;
}

/**
 * Issue 4, webhook provisioning, over HTTP against the whole service in sandbox mode: the real
 * simulator plays ArqSIGN. PUBLIC_BASE_URL points at a recording listener whose answer each test
 * chooses (200, 404, 500), so deliveries are observable and ArqSIGN's deactivation rules can be
 * triggered for real, independently of the service's own receiver.
 */
describe('ArqSIGN webhook provisioning (sandbox, over HTTP)', () => {
  let listener: RecordingListener;
  let listenerStatus = 200;
  let service: TestService;
  let http: App;
  let arqsign: Api;
  let publicBaseUrl: string;
  let trackingName: string;
  let conclusionName: string;
  /** Every body our service answered with, checked for secrets at the end. */
  const answered: string[] = [];

  const admin = async (method: 'get' | 'post', path: string, key = ADMIN_KEY) => {
    const response = await request(http)[method](path).set('X-Api-Key', key);
    answered.push(response.text);
    return response;
  };
  const state = () => admin('get', '/v1/admin/arqsign/webhooks');
  const provision = () => admin('post', '/v1/admin/arqsign/webhooks/provision');
  const listed = async (): Promise<any[]> => {
    const response = await arqsign('GET', '/api/v1/confwebhook');
    expect(response.status).toBe(200);
    return response.body;
  };
  const inArqsign = async (name: string) => (await listed()).find((c) => c.nome === name);
  const rows = async (): Promise<StoredRow[]> => {
    const client = new Client({ connectionString: service.database.url });
    await client.connect();
    try {
      return (await client.query<StoredRow>('SELECT * FROM signing.arqsign_webhook_config ORDER BY kind DESC')).rows;
    } finally {
      await client.end();
    }
  };
  const sql = async (text: string) => {
    const client = new Client({ connectionString: service.database.url });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  const metrics = async () => {
    const response = await request(http).get('/metrics').expect(200);
    answered.push(response.text);
    return response.text;
  };
  const gauge = (text: string, kind: string) => new RegExp(`^arqsign_webhook_config_active\\{name="[^"]+",kind="${kind}"\\} (\\d)$`, 'm').exec(text)?.[1];
  /** A process sent straight to the simulator: fires trigger 1 towards the tracking configuration. */
  const sendProcess = async () => {
    const response = await arqsign('POST', '/api/v2/processo/enviar-documento-para-assinar', simpleSendRequest(service.simulator!, ['maria@example.com']));
    expect(response.status).toBe(200);
    return String(response.body.IdProcesso).toLowerCase();
  };
  const deliveries = async (webhookId: string): Promise<any[]> => (await control(service.simulator!, 'GET', `/__sim/deliveries?webhookId=${webhookId}`)).body;

  beforeAll(async () => {
    listener = await startListener(() => listenerStatus);
    publicBaseUrl = `${listener.url}/bridge`;
    service = await startTestService({ API_KEYS: `erp:${CLIENT_KEY},ops:${ADMIN_KEY}`, ADMIN_CLIENTS: 'ops', PUBLIC_BASE_URL: publicBaseUrl });
    http = service.app.getHttpServer();
    arqsign = apiClient(service.simulator!);
    const location = publicBaseUrl.replace('http://', '');
    trackingName = `arqsign-bridge tracking (${location})`;
    conclusionName = `arqsign-bridge conclusion (${location})`;
  });
  afterAll(async () => {
    await service?.close();
    await listener?.close();
  });

  it('provisions both configurations in the simulator at start, with one log line each', async () => {
    const configs = await listed();
    expect(configs).toHaveLength(2);
    const url = `${publicBaseUrl}/webhooks/arqsign`;
    expect(await inArqsign(trackingName)).toMatchObject({
      status: 1,
      urlPublicar: url,
      aguardaRetorno: true,
      usuarios: [],
      grupos: [],
      pastas: [],
      gatilhos: TRACKING_TRIGGERS.map((id) => ({ id, nome: expect.any(String), ativo: true })),
      dadosRetorno: {
        processo: true,
        signatarios: true,
        documentos: false,
        documentosTipo: null,
        linkDocumentoCompartilhado: false,
        registrosAssinatura: false,
        registrosAssinaturaTipo: null,
      },
    });
    expect(await inArqsign(conclusionName)).toMatchObject({
      status: 1,
      urlPublicar: url,
      aguardaRetorno: true,
      pastas: [],
      gatilhos: [{ id: 8, nome: 'Processo assinado/concluído por todos os signatários', ativo: true }],
      dadosRetorno: {
        processo: true,
        signatarios: true,
        documentos: true,
        documentosTipo: 2,
        linkDocumentoCompartilhado: true,
        registrosAssinatura: true,
        registrosAssinaturaTipo: 2,
      },
    });

    const lines = service.logLines.map((line) => JSON.parse(line)).filter((line) => /^ArqSIGN webhook configuration /.test(line.msg));
    expect(lines.map((line) => [line.kind, line.action, line.msg])).toEqual([
      ['tracking', 'CREATED', `ArqSIGN webhook configuration "${trackingName}" (tracking): created, active`],
      ['conclusion', 'CREATED', `ArqSIGN webhook configuration "${conclusionName}" (conclusion): created, active`],
    ]);
  });

  it('stores the ids and the very HMAC secrets ArqSIGN signs deliveries with', async () => {
    const [tracking, conclusion] = await rows();
    const inSimulator = { tracking: await inArqsign(trackingName), conclusion: await inArqsign(conclusionName) };
    expect(tracking).toMatchObject({ kind: 'tracking', name: trackingName, arqsign_id: inSimulator.tracking.id, hmac_secret: inSimulator.tracking.hmac, url: `${publicBaseUrl}/webhooks/arqsign` });
    expect(conclusion).toMatchObject({ kind: 'conclusion', name: conclusionName, arqsign_id: inSimulator.conclusion.id, hmac_secret: inSimulator.conclusion.hmac });
    // What the webhook receiver verifies against.
    expect((await service.app.get(WebhookConfigStore).hmacSecrets()).sort()).toEqual([tracking.hmac_secret, conclusion.hmac_secret].sort());

    listenerStatus = 200;
    const processId = await sendProcess();
    const delivery = await waitFor(() => listener.received.find((hook) => hook.body.IdProcesso === processId && hook.body.IdEvento === 1), 5000, 'the "sent" webhook');
    expect(delivery.path).toBe('/bridge/webhooks/arqsign');
    expect(delivery.body.IdWebhook).toBe(tracking.arqsign_id);
    expect(verifyHmac(tracking.hmac_secret!, delivery.raw, delivery.headers.hmac as string)).toBe(true);
  });

  it('reports both configurations active and healthy at GET /v1/admin/arqsign/webhooks, and in /metrics', async () => {
    const [tracking, conclusion] = await rows();
    const response = await state();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ checkedAt: expect.any(String), healthy: true, configurations: [expect.any(Object), expect.any(Object)] });
    expect(response.body.configurations[0]).toEqual({
      kind: 'tracking',
      name: trackingName,
      arqsignId: tracking.arqsign_id,
      url: `${publicBaseUrl}/webhooks/arqsign`,
      expectedUrl: `${publicBaseUrl}/webhooks/arqsign`,
      urlMatches: true,
      status: 'ACTIVE',
      statusId: 1,
      triggers: [
        { id: 1, name: 'Processo enviado', active: true },
        { id: 2, name: 'Processo com falha de envio', active: true },
        { id: 3, name: 'Processo assinado por algum signatário', active: true },
        { id: 4, name: 'Processo recusado por algum signatário', active: true },
        { id: 5, name: 'Processo cancelado pelo remetente', active: true },
        { id: 6, name: 'Processo expirado', active: true },
        { id: 7, name: 'Processo reenviado', active: true },
      ],
      inactiveTriggers: [],
      waitForResponse: true,
      returnData: { process: true, signers: true, documents: false, documentsType: null, sharedDocumentLink: false, signatureRecords: false, signatureRecordsType: null },
      secretKnown: true,
      lastProvisionedAt: tracking.last_provisioned_at.toISOString(),
      healthy: true,
      problems: [],
    });
    expect(response.body.configurations[1]).toMatchObject({
      kind: 'conclusion',
      name: conclusionName,
      arqsignId: conclusion.arqsign_id,
      status: 'ACTIVE',
      triggers: [{ id: 8, name: expect.any(String), active: true }],
      returnData: { process: true, signers: true, documents: true, documentsType: 2, sharedDocumentLink: true, signatureRecords: true, signatureRecordsType: 2 },
      secretKnown: true,
      healthy: true,
    });

    const text = await metrics();
    expect(gauge(text, 'tracking')).toBe('1');
    expect(gauge(text, 'conclusion')).toBe('1');
    expect(text).toContain(`arqsign_webhook_config_active{name="${trackingName}",kind="tracking"} 1`);
  });

  it('POST …/provision is idempotent: still two configurations, same ids and secrets, also when called concurrently', async () => {
    const before = await rows();
    const first = await provision();
    expect(first.status).toBe(200);
    expect(first.body.healthy).toBe(true);
    expect(first.body.configurations.map((c: any) => [c.kind, c.action, c.status, c.secretKnown])).toEqual([
      ['tracking', 'UNCHANGED', 'ACTIVE', true],
      ['conclusion', 'UNCHANGED', 'ACTIVE', true],
    ]);
    const concurrent = await Promise.all([provision(), provision()]);
    for (const response of concurrent) {
      expect(response.status).toBe(200);
      expect(response.body.configurations.map((c: any) => c.action)).toEqual(['UNCHANGED', 'UNCHANGED']);
    }

    expect(await listed()).toHaveLength(2);
    const after = await rows();
    expect(after.map((r) => [r.kind, r.arqsign_id, r.hmac_secret, r.created_at.toISOString()])).toEqual(
      before.map((r) => [r.kind, r.arqsign_id, r.hmac_secret, r.created_at.toISOString()]),
    );
    expect(first.body.configurations.map((c: any) => c.arqsignId)).toEqual(before.map((r) => r.arqsign_id));
    expect(after[0].last_provisioned_at.getTime()).toBeGreaterThan(before[0].last_provisioned_at.getTime());
  });

  it('shows a configuration ArqSIGN deactivated after a 404 as inactive by failures (GET and /metrics); provisioning re-activates it', async () => {
    const [tracking] = await rows();
    listenerStatus = 404;
    await sendProcess();
    await waitFor(async () => (await deliveries(tracking.arqsign_id)).some((d) => d.outcome === 'deactivated'), 5000, 'the 404 deactivation');

    const inactive = await state();
    expect(inactive.status).toBe(200);
    expect(inactive.body.healthy).toBe(false);
    expect(inactive.body.configurations[0]).toMatchObject({ kind: 'tracking', status: 'INACTIVE_BY_FAILURES', statusId: 3, healthy: false, secretKnown: true });
    expect(inactive.body.configurations[0].problems).toEqual([expect.stringContaining('answered 401, 403 or 404')]);
    expect(inactive.body.configurations[1]).toMatchObject({ kind: 'conclusion', status: 'ACTIVE', healthy: true });
    let text = await metrics();
    expect(gauge(text, 'tracking')).toBe('0');
    expect(gauge(text, 'conclusion')).toBe('1');
    expect(service.logLines.some((line) => line.includes('needs attention') && line.includes('Inactive by failures'))).toBe(true);

    listenerStatus = 200;
    const reactivated = await provision();
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.configurations.map((c: any) => [c.kind, c.action, c.status])).toEqual([
      ['tracking', 'REACTIVATED', 'ACTIVE'],
      ['conclusion', 'UNCHANGED', 'ACTIVE'],
    ]);
    expect(reactivated.body.healthy).toBe(true);
    expect((await inArqsign(trackingName)).status).toBe(1);
    text = await metrics();
    expect(gauge(text, 'tracking')).toBe('1');

    // Deliveries flow again.
    const processId = await sendProcess();
    await waitFor(() => listener.received.some((hook) => hook.body.IdProcesso === processId), 5000, 'a delivery after re-activation');
  });

  it('re-activates a configuration deactivated through ArqSIGN\'s API (status 2)', async () => {
    const [, conclusion] = await rows();
    expect((await arqsign('PATCH', `/api/v1/confwebhook/${conclusion.arqsign_id}/alterar-status`, { status: 2 })).status).toBe(200);

    const inactive = await state();
    expect(inactive.body.configurations[1]).toMatchObject({ kind: 'conclusion', status: 'INACTIVE', statusId: 2, healthy: false });
    expect(gauge(await metrics(), 'conclusion')).toBe('0');

    const reactivated = await provision();
    expect(reactivated.body.configurations[1]).toMatchObject({ kind: 'conclusion', action: 'REACTIVATED', status: 'ACTIVE', arqsignId: conclusion.arqsign_id });
    expect((await inArqsign(conclusionName)).status).toBe(1);
  });

  it('reports a trigger ArqSIGN inactivated after 14 failed attempts, and provisioning re-activates it', async () => {
    const [tracking] = await rows();
    listenerStatus = 500;
    const processId = await sendProcess();
    await waitFor(async () => (await deliveries(tracking.arqsign_id)).some((d) => d.processId === processId && d.attempt === 1), 5000, 'the first failed attempt');
    // Five days of the retry schedule: the remaining 13 attempts fail at once, then the trigger goes inactive.
    expect((await control(service.simulator!, 'POST', '/__sim/clock', { advanceSeconds: 5 * 24 * 3600 + 60 })).status).toBe(200);
    await waitFor(async () => (await inArqsign(trackingName)).gatilhos.find((t: any) => t.id === 1).ativo === false, 10000, 'trigger 1 inactive');
    expect((await deliveries(tracking.arqsign_id)).filter((d) => d.processId === processId)).toHaveLength(14);

    const degraded = await state();
    expect(degraded.body.configurations[0]).toMatchObject({ kind: 'tracking', status: 'ACTIVE', inactiveTriggers: [1], healthy: false });
    expect(degraded.body.configurations[0].triggers[0]).toEqual({ id: 1, name: 'Processo enviado', active: false });
    expect(degraded.body.configurations[0].problems).toEqual([expect.stringContaining('Trigger(s) 1 inactive after recurring delivery failures')]);
    expect(gauge(await metrics(), 'tracking')).toBe('0');

    listenerStatus = 200;
    const reactivated = await provision();
    expect(reactivated.body.configurations[0]).toMatchObject({ action: 'REACTIVATED', status: 'ACTIVE', inactiveTriggers: [], healthy: true });
    expect((await inArqsign(trackingName)).gatilhos.every((t: any) => t.ativo)).toBe(true);
    expect(gauge(await metrics(), 'tracking')).toBe('1');
  });

  it('says secretKnown: false when the secret is not stored, and provisioning recovers it from ArqSIGN\'s list', async () => {
    const store = service.app.get(WebhookConfigStore);
    const [tracking, stored] = await rows();
    await sql("UPDATE signing.arqsign_webhook_config SET hmac_secret = NULL WHERE kind = 'conclusion'");
    expect(await store.hmacSecrets({ refresh: true })).toEqual([tracking.hmac_secret]);
    const unknown = await state();
    expect(unknown.body.configurations[1]).toMatchObject({ kind: 'conclusion', secretKnown: false, healthy: false, status: 'ACTIVE' });
    expect(unknown.body.configurations[1].problems).toEqual(['Its HMAC secret is not stored, so its deliveries would be rejected: provision to store it']);

    const recovered = await provision();
    expect(recovered.body.configurations[1]).toMatchObject({ kind: 'conclusion', action: 'ADOPTED', secretKnown: true, healthy: true });
    const [, conclusion] = await rows();
    expect(conclusion.hmac_secret).toBe((await inArqsign(conclusionName)).hmac);
    expect(conclusion.hmac_secret).toBe(stored.hmac_secret);
    expect((await store.hmacSecrets()).sort()).toEqual([tracking.hmac_secret, conclusion.hmac_secret].sort()); // no stale cache
  });

  it('keeps both routes for ADMIN_CLIENTS: another client gets 403, no key 401, and nothing is provisioned', async () => {
    for (const [method, path] of [['get', '/v1/admin/arqsign/webhooks'], ['post', '/v1/admin/arqsign/webhooks/provision']] as const) {
      const forbidden = await admin(method, path, CLIENT_KEY);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ statusCode: 403, code: 'AUTH.FORBIDDEN', message: expect.any(String), correlationId: expect.any(String) });
      const anonymous = await request(http)[method](path);
      expect(anonymous.status).toBe(401);
    }
    expect(await listed()).toHaveLength(2);
  });

  it('documents both routes in Swagger with their schemas and error bodies, and no secret field', async () => {
    const response = await request(http).get('/docs-json').expect(200);
    answered.push(response.text);
    const document = response.body;
    const get = document.paths['/v1/admin/arqsign/webhooks'].get;
    const post = document.paths['/v1/admin/arqsign/webhooks/provision'].post;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '401', '403', '502', '503']);
    expect(Object.keys(post.responses).sort()).toEqual(['200', '401', '403', '409', '422', '502', '503']);
    expect(get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/WebhookStatusResponse');
    expect(post.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/WebhookProvisionResponse');
    expect(post.responses['409'].content['application/json'].schema.$ref).toBe('#/components/schemas/ApiErrorBody');
    expect(post.responses['409'].description).toContain('ARQSIGN_WEBHOOKS.URL_MISMATCH');
    expect(get.security).toEqual([{ bearer: [] }, { 'x-api-key': [] }]);
    const config = document.components.schemas.WebhookConfigResponse.properties;
    expect(config.status.enum).toEqual(['ACTIVE', 'INACTIVE', 'INACTIVE_BY_FAILURES', 'MISSING', 'UNKNOWN']);
    expect(Object.keys(config)).toContain('secretKnown');
    const schemas = JSON.stringify(document.components.schemas);
    expect(schemas).not.toMatch(/"(hmac|hmacSecret|secret|chaveHMAC)"/);
  });

  it('never shows an HMAC secret in a response, a log line or a metric', async () => {
    const secrets = [...(await rows()).map((r) => r.hmac_secret), ...(await listed()).map((c) => c.hmac)].filter((s): s is string => Boolean(s));
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    await state();
    await provision();
    await metrics();
    expect(answered.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      for (const body of answered) expect(body).not.toContain(secret);
      for (const line of service.logLines) expect(line).not.toContain(secret);
    }
  });
});

describe('ArqSIGN webhook provisioning with the default PUBLIC_BASE_URL', () => {
  let service: TestService;
  afterAll(() => service?.close());

  it('points both configurations at http://localhost:PORT/webhooks/arqsign and names them after it', async () => {
    service = await startTestService();
    const configs = (await apiClient(service.simulator!)('GET', '/api/v1/confwebhook')).body as any[];
    const port = service.config.port;
    expect(configs.map((c) => [c.nome, c.urlPublicar, c.status])).toEqual([
      [`arqsign-bridge conclusion (localhost:${port})`, `http://localhost:${port}/webhooks/arqsign`, 1],
      [`arqsign-bridge tracking (localhost:${port})`, `http://localhost:${port}/webhooks/arqsign`, 1],
    ]);
  });
});

describe('ArqSIGN webhook provisioning against a live-mode ArqSIGN (no automatic provisioning)', () => {
  const PUBLIC_BASE_URL = 'https://bridge.example.test';
  let simulator: RunningSimulator;
  let service: TestService;
  let http: App;
  let arqsign: Api;
  let foreign: { id: string; chaveHMAC: string };

  beforeAll(async () => {
    simulator = await startArqsignSimulator({ port: 0 });
    arqsign = apiClient(simulator);
    // Someone already created a configuration with our tracking name, pointing elsewhere.
    const created = await arqsign('POST', '/api/v1/confwebhook', {
      nome: 'arqsign-bridge tracking (bridge.example.test)',
      status: 1,
      urlPublicar: 'https://elsewhere.example.test/hook',
      gatilhos: [3],
    });
    expect(created.status).toBe(200);
    foreign = created.body;
    service = await startTestService({
      API_KEYS: `ops:${ADMIN_KEY}`,
      ARQSIGN_BASE_URL: simulator.url,
      ARQSIGN_APP_KEY: simulator.account.appKey,
      ARQSIGN_SUBSCRIPTION_KEY: simulator.account.subscriptionKeys[0],
      PUBLIC_BASE_URL,
    });
    http = service.app.getHttpServer();
  });
  afterAll(async () => {
    await service?.close();
    await simulator?.close();
  });

  it('does not provision at start outside sandbox mode; GET reports the foreign URL and the missing conclusion', async () => {
    expect((await arqsign('GET', '/api/v1/confwebhook')).body).toHaveLength(1);
    const response = await request(http).get('/v1/admin/arqsign/webhooks').set('X-Api-Key', ADMIN_KEY).expect(200);
    expect(response.body.healthy).toBe(false);
    expect(response.body.configurations[0]).toMatchObject({
      kind: 'tracking',
      arqsignId: foreign.id,
      url: 'https://elsewhere.example.test/hook',
      expectedUrl: `${PUBLIC_BASE_URL}/webhooks/arqsign`,
      urlMatches: false,
      secretKnown: false,
      healthy: false,
    });
    expect(response.body.configurations[0].problems).toContain(
      `Points at https://elsewhere.example.test/hook, expected ${PUBLIC_BASE_URL}/webhooks/arqsign: correct it in ArqSIGN's web app (the API cannot change it)`,
    );
    expect(response.body.configurations[0].problems.join(' ')).not.toContain('HMAC secret'); // not ours: its secret is beside the point
    expect(response.body.configurations[1]).toMatchObject({ kind: 'conclusion', status: 'MISSING', arqsignId: null, healthy: false });
    expect(response.text).not.toContain(foreign.chaveHMAC);
  });

  it('answers 409 ARQSIGN_WEBHOOKS.URL_MISMATCH, leaving that configuration alone but provisioning the other', async () => {
    const response = await request(http).post('/v1/admin/arqsign/webhooks/provision').set('X-Api-Key', ADMIN_KEY);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, code: 'ARQSIGN_WEBHOOKS.URL_MISMATCH', correlationId: expect.any(String) });
    expect(response.body.message).toContain('points at https://elsewhere.example.test/hook, expected https://bridge.example.test/webhooks/arqsign');
    expect(response.body.details.mismatches).toEqual([
      { kind: 'tracking', name: 'arqsign-bridge tracking (bridge.example.test)', arqsignId: foreign.id, url: 'https://elsewhere.example.test/hook', expectedUrl: `${PUBLIC_BASE_URL}/webhooks/arqsign` },
    ]);
    expect(response.body.details.configurations.map((c: any) => [c.kind, c.action, c.status])).toEqual([
      ['tracking', 'URL_MISMATCH', 'ACTIVE'],
      ['conclusion', 'CREATED', 'ACTIVE'],
    ]);
    expect(response.text).not.toContain(foreign.chaveHMAC);

    const listed = (await arqsign('GET', '/api/v1/confwebhook')).body as any[];
    expect(listed.map((c) => [c.nome, c.urlPublicar])).toEqual([
      ['arqsign-bridge conclusion (bridge.example.test)', `${PUBLIC_BASE_URL}/webhooks/arqsign`],
      ['arqsign-bridge tracking (bridge.example.test)', 'https://elsewhere.example.test/hook'],
    ]);
    expect(await service.app.get(WebhookConfigStore).findAll()).toEqual([expect.objectContaining({ kind: 'conclusion' })]);
  });
});
