import request from 'supertest';
import { processBody } from '../signing-processes/support';
import { postWebhook, RELAY_SECRET, sql, startWebhookService, type WebhookTestService } from '../webhooks/support';

const API_KEY = 'canary-api-key-5581';
const CANARY = {
  name: 'Zeferino Canarinho',
  email: 'zeferino.canarinho@canary.example',
  phone: '+55 11 97654-3210',
  cpf: '529.982.247-25',
  wrongKey: 'canary-wrong-key-9912',
};
/** What must never appear in a log line, in any spelling a serializer might produce. */
const NEEDLES = ['Zeferino', 'Canarinho', 'zeferino.canarinho', 'canary.example', '97654-3210', '976543210', '529.982.247-25', '52998224725', API_KEY, CANARY.wrongKey, RELAY_SECRET];

/**
 * Issue 12: plants personal data and secrets in requests that fail in every way we know — bad
 * key, malformed JSON, too large, validation, unstorable text, a database error carrying the
 * SQL parameters, the database down, webhook rejections and a webhook the database refuses —
 * and finds none of it in any log line.
 */
describe('No personal data or secrets in logs (canary)', () => {
  let t: WebhookTestService;
  const v1 = () => ({
    post: (path: string) => request(t.http).post(path).set('X-Api-Key', API_KEY),
    get: (path: string) => request(t.http).get(path).set('X-Api-Key', API_KEY),
  });
  const canaryProcess = (overrides: Record<string, unknown> = {}) =>
    processBody(t.pdf, {
      name: `Contrato de ${CANARY.name}`,
      externalId: CANARY.cpf,
      signers: [{ name: CANARY.name, email: CANARY.email, phone: CANARY.phone, order: 1 }],
      metadata: { cpf: CANARY.cpf, contato: CANARY.email },
      ...overrides,
    });
  const admin = async (text: string) => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL! });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    t = await startWebhookService({ API_KEYS: `erp:${API_KEY}` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('plants canaries in failing requests of every kind and finds none in the logs', async () => {
    const statuses: number[] = [];
    const record = (response: request.Response) => statuses.push(response.status);

    // Authentication, transport, validation.
    record(await request(t.http).post('/v1/processes').set('X-Api-Key', CANARY.wrongKey).send(canaryProcess()));
    record(await request(t.http).get(`/v1/processes?externalId=${encodeURIComponent(CANARY.email)}`).set('Authorization', `Bearer ${CANARY.wrongKey}`));
    record(await v1().post('/v1/processes').set('Content-Type', 'application/json').send(`{"name":"${CANARY.name}","signers":[{"email":"${CANARY.email}"`));
    record(await v1().post('/v1/processes/7b0c6c0e-7f1c-4b8e-9a43-1f7a2c1b9d10/cancel').send({ reason: `${CANARY.name} ${CANARY.email} `.repeat(40_000) }));
    record(await v1().post('/v1/processes').send(canaryProcess({ signers: [{ name: CANARY.name, email: `${CANARY.email}-not-an-email`, phone: CANARY.phone }] })));
    record(await v1().post('/v1/processes').send(canaryProcess({ name: `${CANARY.name}\u0000` })));
    record(await v1().get(`/v1/processes?externalId=${encodeURIComponent(CANARY.cpf)}%00`));

    // A database error whose SQL parameters hold the signer's data.
    await sql(t, `ALTER TABLE signing.signing_process_signer ADD CONSTRAINT canary_check CHECK (name NOT LIKE 'Zeferino%')`);
    record(await v1().post('/v1/processes').send(canaryProcess({ externalId: 'ERP-CANARY-1' })));
    await sql(t, 'ALTER TABLE signing.signing_process_signer DROP CONSTRAINT canary_check');

    // Webhooks: unsigned, and correctly signed but refused by the database as interpreted.
    const delivery = JSON.stringify({
      Evento: 'ProcessoAssinado',
      IdEvento: 3,
      IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000881',
      IdConta: t.service.simulator!.account.accountId,
      IdWebhook: 'canary-webhook',
      Signatarios: [{ Id: '9b1c0e2a-0000-4000-8000-000000000881', Nome: CANARY.name, Email: CANARY.email, Telefone: CANARY.phone, DadosAssinatura: { DataAssinatura: '01/12/2026 10:00:00' } }],
    });
    record(await postWebhook(t.http, delivery, { hmac: 'AAAA' }));
    await sql(t, `ALTER TABLE signing.webhook_delivery ADD CONSTRAINT canary_check CHECK (arqsign_webhook_id IS DISTINCT FROM 'canary-webhook')`);
    const quarantined = await postWebhook(t.http, delivery);
    record(quarantined);
    expect(quarantined.body.state).toBe('QUARANTINED');
    await sql(t, 'ALTER TABLE signing.webhook_delivery DROP CONSTRAINT canary_check');

    // The database down.
    const name = t.service.database.name;
    await admin(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    try {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      record(await v1().post('/v1/processes').send(canaryProcess({ externalId: 'ERP-CANARY-2' })));
      record(await postWebhook(t.http, delivery.replace('canary-webhook', 'other-webhook')));
    } finally {
      await admin(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    }

    expect(statuses).toEqual([401, 401, 400, 413, 400, 400, 400, 500, 400, 200, 503, 503]);
    // The failures were logged (so the check below is not vacuous)…
    const lines = t.service.logLines;
    expect(lines.some((line) => /"level":"error"/.test(line) && /Unexpected error/.test(line))).toBe(true);
    expect(lines.some((line) => /could not be stored as interpreted/.test(line))).toBe(true);
    expect(lines.some((line) => /Database unavailable|could not be stored/.test(line))).toBe(true);
    // …and not one line carries a canary.
    const leaks = lines.flatMap((line) => NEEDLES.filter((needle) => line.toLowerCase().includes(needle.toLowerCase())).map((needle) => ({ needle, line: line.slice(0, 300) })));
    expect(leaks).toEqual([]);
  });
});
