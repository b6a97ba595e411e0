import request from 'supertest';
import { simpleSendRequest } from '../../integration/sandbox/sandbox-test-kit';
import {
  api,
  createProcess,
  deliveries,
  eventually,
  getProcess,
  history,
  ofType,
  postWebhook,
  processUntil,
  sign,
  sql,
  startWebhookService,
  type WebhookTestService,
} from './support';

const SEND_ROUTE = 'POST /api/v2/processo/enviar-documento-para-assinar';

/** A "signed" (trigger 3) payload in ArqSIGN's PascalCase, for one signer of an ArqSIGN process. */
function signedPayload(accountId: string, arqsignProcessId: string, signer: { id: string; name: string; email: string }, signedAt: string) {
  return {
    Evento: 'ProcessoAssinado',
    IdEvento: 3,
    IdProcesso: arqsignProcessId,
    IdConta: accountId,
    IdWebhook: '7d9e8f10-5555-4c6d-8e7f-000000000501',
    DataHoraAtual: '28/11/2026 10:00:00',
    StatusProcesso: 'Em processo',
    IdStatusProcesso: 3,
    Signatarios: [
      {
        OrdemAssinatura: 1,
        Id: signer.id,
        Nome: signer.name,
        Email: signer.email,
        Telefone: null,
        FalhaEnvio: 'false',
        AssinaturaRecusada: 'false',
        DadosAssinatura: { TipoAssinatura: 'Assinatura Eletrônica', DataAssinatura: signedAt, Ip: '203.0.113.10' },
      },
    ],
  };
}

/**
 * Issue 6: the receiver's contract (docs/behaviour.md#webhook-receiver) — status codes, what is stored, parking,
 * quarantine, the admin routes — against the whole service in sandbox mode.
 */
describe('Webhook receiver: status codes, inbox, parking, quarantine, admin (sandbox)', () => {
  let t: WebhookTestService;
  let accountId: string;
  const inboxRows = async () => Number((await sql(t, 'SELECT count(*)::int AS n FROM signing.webhook_delivery'))[0].n);

  beforeAll(async () => {
    // 1 MiB cap to test 413 cheaply; a short ArqSIGN timeout for the uncertain sends below.
    t = await startWebhookService({ WEBHOOK_MAX_BODY_MB: '1', ARQSIGN_TIMEOUT_MS: '1500' });
    accountId = t.service.simulator!.account.accountId; // ARQSIGN_ACCOUNT_ID defaults to the simulator's in sandbox mode
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('signature and account checks (400, nothing stored, never 401/403/404)', () => {
    const body = () => JSON.stringify({ Evento: 'ProcessoCancelado', IdEvento: 5, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000999', IdConta: accountId });

    it.each([
      ['a wrong HMAC', { hmac: sign('something else') }],
      ['no HMAC header', { hmac: null }],
      ['an HMAC of the wrong length', { hmac: 'c2hvcnQ=' }],
      ['a secret nobody configured', { secret: 'not-our-secret' }],
      ['a hex digest of the wrong secret', { hmac: 'c78d569c8983f657488d9456a4cbb04bff7d0d29de85d279535885d59e175321' }],
    ])('%s → 400 WEBHOOK.SIGNATURE_INVALID, nothing stored', async (_what, options) => {
      const before = await inboxRows();
      const response = await postWebhook(t.http, body(), options);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'WEBHOOK.SIGNATURE_INVALID', correlationId: expect.any(String) });
      expect(await inboxRows()).toBe(before);
    });

    it('a bad signature on a sub-path, with an API key, or as malformed JSON is still a 400 (never 401/403/404)', async () => {
      const sub = await request(t.http).post('/webhooks/arqsign/tracking').set('Content-Type', 'application/json').set('HMAC', 'x').set('X-Api-Key', 'wrong').send(body());
      expect(sub.status).toBe(400);
      const malformed = await postWebhook(t.http, '{"Evento": ', { hmac: sign('other') });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('WEBHOOK.SIGNATURE_INVALID');
      const other = await request(t.http).get('/webhooks/arqsign');
      expect(other.status).toBe(405);
    });

    it('a correctly signed delivery naming another ArqSIGN account (IdConta) → 400 WEBHOOK.FOREIGN_ACCOUNT, nothing stored', async () => {
      const before = await inboxRows();
      const foreign = JSON.stringify({ Evento: 'ProcessoCancelado', IdEvento: 5, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000998', IdConta: '0a1b2c3d-0000-4000-8000-00000000dead' });
      const response = await postWebhook(t.http, foreign);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('WEBHOOK.FOREIGN_ACCOUNT');
      expect(await inboxRows()).toBe(before);
    });

    it('a body over WEBHOOK_MAX_BODY_MB → 413 REQUEST.TOO_LARGE, nothing stored', async () => {
      const before = await inboxRows();
      const big = JSON.stringify({ Evento: 'ProcessoConcluido', IdEvento: 8, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000997', IdConta: accountId, Padding: 'x'.repeat(1024 * 1024 + 10) });
      const response = await postWebhook(t.http, big);
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('REQUEST.TOO_LARGE');
      expect(await inboxRows()).toBe(before);
    });
  });

  describe('quarantine: correctly signed but uninterpretable → 200 and QUARANTINED with a reason', () => {
    it.each([
      ['malformed JSON', '{"Evento": "ProcessoConcluido", "IdProcesso": ', 'The body is not valid JSON'],
      ['a JSON array', '[1, 2, 3]', 'The body is not a JSON object'],
      ['no IdProcesso', JSON.stringify({ Evento: 'ProcessoConcluido', IdEvento: 8 }), 'IdProcesso is missing'],
      ['an IdProcesso that is not a GUID', JSON.stringify({ Evento: 'ProcessoConcluido', IdEvento: 8, IdProcesso: '12345' }), 'IdProcesso is not a GUID'],
    ])('%s', async (_what, body, reason) => {
      const response = await postWebhook(t.http, body);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ received: true, deliveryId: expect.any(String), state: 'QUARANTINED' });
      const [row] = (await deliveries(t, { state: 'QUARANTINED' })).filter((d) => d.id === response.body.deliveryId);
      expect(row).toMatchObject({ state: 'QUARANTINED', error: reason, signature: { valid: true, matchedSecret: 'env#0' } });

      // ArqSIGN's retry of the same bytes is recognised: DUPLICATE of the quarantined one.
      const retry = await postWebhook(t.http, body);
      expect(retry.body.state).toBe('DUPLICATE');
    });
  });

  it('keys are read case-insensitively: a camelCase delivery for an unknown process is parked, not quarantined', async () => {
    const body = JSON.stringify({ evento: 'ProcessoConcluido', idEvento: 8, idProcesso: '5E1F0C2A-1111-4A2B-9C3D-000000000101', idConta: accountId, idWebhook: '7d9e8f10-5555-4c6d-8e7f-000000000502', dataHoraAtual: '11/03/2025 09:10:44' });
    const response = await postWebhook(t.http, body);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('RECEIVED');
    const parked = await eventually(async () => (await deliveries(t, { arqsignProcessId: '5e1f0c2a-1111-4a2b-9c3d-000000000101' })).find((d) => d.state === 'PARKED'), 'the delivery PARKED');
    expect(parked).toMatchObject({ trigger: 8, eventName: 'ProcessoConcluido', arqsignProcessId: '5e1f0c2a-1111-4a2b-9c3d-000000000101', processId: null });
  });

  it('a delivery for a process we do not know yet is parked (200), then applied once the process becomes known', async () => {
    // Our send times out: SEND_UNCERTAIN, no ArqSIGN id known.
    await t.sim.fault(SEND_ROUTE, 'timeout');
    const signers = [{ name: 'Paula Parked', email: 'paula.parked@example.com' }];
    const created = (await api(t.http).post('/v1/processes', { name: 'Contrato parked', documents: [{ fileName: 'c.pdf', contentBase64: t.pdf.toString('base64') }], signers })).body;
    expect(created.status).toBe('SEND_UNCERTAIN');

    // Meanwhile ArqSIGN has the process (created here directly; its own webhooks held back).
    await t.sim.pauseWebhooks();
    try {
      const send = { ...simpleSendRequest(t.service.simulator!, ['paula.parked@example.com']), nomeProcesso: 'Contrato parked' };
      const sent = await t.arqsign('POST', '/api/v2/processo/enviar-documento-para-assinar', send);
      expect(sent.status).toBe(200);
      const arqsignProcessId = String(sent.body.IdProcesso).toLowerCase();
      const simSigner = (await t.sim.process(arqsignProcessId)).signatarios[0];

      // A signature delivery for it arrives before we know it: 200, PARKED.
      const payload = signedPayload(accountId, arqsignProcessId, { id: simSigner.id, name: 'Paula Parked', email: 'paula.parked@example.com' }, '2026-11-28T10:00:00');
      const response = await postWebhook(t.http, JSON.stringify(payload));
      expect(response.status).toBe(200);
      const parked = await eventually(async () => (await deliveries(t, { arqsignProcessId })).find((d) => d.id === response.body.deliveryId && d.state === 'PARKED'), 'PARKED');
      expect(parked.processId).toBeNull();
      expect((await getProcess(t, created.id)).signers[0].status).toBe('PENDING');

      // An operator adopts the ArqSIGN process (sync): the parked signature is applied from the webhook.
      const synced = await api(t.http).post(`/v1/processes/${created.id}/sync`, { arqsignProcessId });
      expect(synced.status).toBe(200);
      expect(synced.body.status).toBe('IN_PROGRESS');
      const signed = await processUntil(t, created.id, (p) => p.signers[0].status === 'SIGNED', 'the parked signature applied');
      expect(signed.signers[0].signedAt).toBe('2026-11-28T10:00:00.000Z');
      const delivery = (await deliveries(t, { processId: created.id })).find((d) => d.id === response.body.deliveryId);
      expect(delivery).toMatchObject({ state: 'PROCESSED', outcome: expect.objectContaining({ applied: ['signer-signed'] }) });
      expect(ofType(await history(t, created.id), 'signer.signed')).toEqual([expect.objectContaining({ source: 'webhook' })]);
    } finally {
      await t.sim.resumeWebhooks();
    }
  });

  it('a "sent" webhook resolves a SEND_UNCERTAIN process with the same name and recipients (docs/behaviour.md#uncertain-sends)', async () => {
    await t.sim.fault(SEND_ROUTE, 'timeout');
    const created = (await api(t.http).post('/v1/processes', { name: 'Contrato incerto', documents: [{ fileName: 'c.pdf', contentBase64: t.pdf.toString('base64') }], signers: [{ name: 'Ivo', email: 'ivo.incerto@example.com' }] })).body;
    expect(created.status).toBe('SEND_UNCERTAIN');

    // ArqSIGN did create it (here: directly); its real "sent" webhook reaches us.
    const send = { ...simpleSendRequest(t.service.simulator!, ['ivo.incerto@example.com']), nomeProcesso: 'Contrato incerto' };
    const sent = await t.arqsign('POST', '/api/v2/processo/enviar-documento-para-assinar', send);
    const arqsignProcessId = String(sent.body.IdProcesso).toLowerCase();

    const adopted = await processUntil(t, created.id, (p) => p.status === 'IN_PROGRESS', 'the uncertain send resolved');
    expect(adopted.arqsignProcessId).toBe(arqsignProcessId);
    expect(ofType(await history(t, created.id), 'process.sent')).toEqual([expect.objectContaining({ source: 'webhook', data: expect.objectContaining({ adopted: true }) })]);
  });

  describe('admin routes', () => {
    it('lists deliveries filtered by state and process, newest first, with cursor pagination', async () => {
      const created = await createProcess(t, [{ name: 'Lia', email: 'lia@example.com' }]);
      await t.sim.act(created.arqsignProcessId, 'cancel');
      await processUntil(t, created.id, (p) => p.status === 'CANCELLED', 'CANCELLED');
      const rows = await eventually(async () => {
        const list = await deliveries(t, { processId: created.id, state: 'PROCESSED' });
        return list.length === 2 ? list : undefined;
      }, 'two processed deliveries');
      expect(rows.map((d) => d.trigger)).toEqual([5, 1]);
      expect(rows[0]).not.toHaveProperty('body');

      const first = await api(t.http).get(`/v1/admin/webhook-deliveries?processId=${created.id}&limit=1`);
      expect(first.body.items).toHaveLength(1);
      const second = await api(t.http).get(`/v1/admin/webhook-deliveries?processId=${created.id}&limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body.items[0].id).toBe(rows[1].id);
      expect(second.body.nextCursor).toBeNull();

      const bad = await api(t.http).get('/v1/admin/webhook-deliveries?state=NOPE');
      expect(bad.status).toBe(400);
      const unauthenticated = await request(t.http).get('/v1/admin/webhook-deliveries');
      expect(unauthenticated.status).toBe(401);
    });

    it('replays a delivery: processed again, idempotently (no new history); a duplicate → 409; unknown → 404', async () => {
      const created = await createProcess(t, [{ name: 'Rui', email: 'rui@example.com' }]);
      await t.sim.act(created.arqsignProcessId, 'cancel');
      await processUntil(t, created.id, (p) => p.status === 'CANCELLED', 'CANCELLED');
      const cancelled = await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '5' })).find((d) => d.state === 'PROCESSED'), 'processed');
      const before = await history(t, created.id);

      const replay = await api(t.http).post(`/v1/admin/webhook-deliveries/${cancelled.id}/replay`);
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({ id: cancelled.id, state: 'RECEIVED' });
      const again = await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '5' })).find((d) => d.id === cancelled.id && d.state === 'PROCESSED' && d.attempts > cancelled.attempts && d.outcome?.nothing), 'processed and applied again');
      expect(again.outcome).toMatchObject({ nothing: 'the process is already CANCELLED' });
      expect(await history(t, created.id)).toEqual(before);

      const duplicate = await postWebhook(t.http, '[1, 2, 3]');
      expect(duplicate.body.state).toBe('DUPLICATE');
      const conflict = await api(t.http).post(`/v1/admin/webhook-deliveries/${duplicate.body.deliveryId}/replay`);
      expect(conflict.status).toBe(409);
      expect(conflict.body.code).toBe('WEBHOOK_DELIVERY.DUPLICATE');
      expect((await api(t.http).post('/v1/admin/webhook-deliveries/00000000-0000-4000-8000-000000000000/replay')).status).toBe(404);
      expect((await api(t.http).post('/v1/admin/webhook-deliveries/nope/replay')).status).toBe(400);
    });

    it('documents the receiver and the admin routes in Swagger', async () => {
      const doc = (await request(t.http).get('/docs-json')).body;
      expect(Object.keys(doc.paths['/webhooks/arqsign'].post.responses).sort()).toEqual(['200', '400', '413', '415', '503']);
      expect(doc.paths['/v1/admin/webhook-deliveries'].get).toBeDefined();
      expect(doc.paths['/v1/admin/webhook-deliveries/{id}/replay'].post).toBeDefined();
    });

    it('exposes the inbox backlog and receiver outcomes as metrics', async () => {
      const text = (await request(t.http).get('/metrics')).text;
      expect(text).toMatch(/^arqsign_webhook_inbox_deliveries\{state="QUARANTINED"\} [1-9]\d*$/m);
      expect(text).toMatch(/^arqsign_webhook_requests_total\{outcome="bad_signature"\} [1-9]\d*$/m);
      expect(text).toMatch(/^arqsign_webhook_requests_total\{outcome="duplicate"\} [1-9]\d*$/m);
    });
  });

  it('the database unavailable → 503 WEBHOOK.INBOX_UNAVAILABLE (ArqSIGN retries later); 200 again once it is back', async () => {
    const admin = process.env.TEST_PG_ADMIN_URL!;
    const name = t.service.database.name;
    const { Client } = await import('pg');
    const run = async (text: string) => {
      const client = new Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };
    const body = JSON.stringify({ Evento: 'ProcessoCancelado', IdEvento: 5, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000996', IdConta: accountId });
    await run(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    try {
      await run(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      const response = await postWebhook(t.http, body);
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('WEBHOOK.INBOX_UNAVAILABLE');
    } finally {
      await run(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    }
    const back = await eventually(async () => {
      const response = await postWebhook(t.http, body);
      return response.status === 200 ? response : undefined;
    }, 'the receiver back');
    expect(back.body.state).toBe('RECEIVED');
  });
});
