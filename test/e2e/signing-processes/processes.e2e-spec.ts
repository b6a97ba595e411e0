import type { App } from 'supertest/types';
import { startTestService, TestService } from '../../support/test-service';
import { client, makePdf, processBody, simulatorControl } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEND_PATH = 'POST /api/v2/processo/enviar-documento-para-assinar';

describe('/v1/processes over HTTP (sandbox mode: real service, simulator and PostgreSQL)', () => {
  let service: TestService;
  let http: App;
  let erp: ReturnType<typeof client>;
  let crm: ReturnType<typeof client>;
  let sim: ReturnType<typeof simulatorControl>;
  let pdfA: Buffer;
  let pdfB: Buffer;

  beforeAll(async () => {
    service = await startTestService({ API_KEYS: 'erp:erp-key-0001,crm:crm-key-0002,lister:lister-key-0003', ARQSIGN_TIMEOUT_MS: '1500' });
    http = service.app.getHttpServer();
    erp = client(http, 'erp-key-0001');
    crm = client(http, 'crm-key-0002');
    sim = simulatorControl(service.simulator!.url);
    [pdfA, pdfB] = await Promise.all([makePdf('Contrato 4711'), makePdf('Anexo de preços')]);
  });
  afterAll(() => service?.close());

  const simCount = async () => (await sim.processes()).length;
  const create = async (overrides: Record<string, unknown> = {}, api = erp) => {
    const response = await api.post('/v1/processes', processBody(pdfA, overrides));
    expect(response.status).toBe(201);
    return response.body as { id: string; status: string; arqsignProcessId: string; signers: { id: string; email: string | null; arqsignSignerId: string; status: string }[] };
  };

  describe('create', () => {
    it('sends a JSON process: IN_PROGRESS with the ArqSIGN ids of the process, each signer and each document', async () => {
      const response = await erp.post('/v1/processes', processBody(pdfA, { documents: [
        { fileName: 'contrato.pdf', contentBase64: pdfA.toString('base64') },
        { fileName: 'anexo.pdf', contentBase64: pdfB.toString('base64') },
      ] })).expect(201);
      const body = response.body;
      expect(body).toMatchObject({ id: expect.stringMatching(UUID), status: 'IN_PROGRESS', clientName: 'erp', externalId: 'ERP-4711', metadata: { erpOrder: 4711 }, error: null, archive: { status: 'NONE', error: null } });
      const arqsign = await sim.process(body.arqsignProcessId);
      expect(arqsign).toMatchObject({ nomeProcesso: 'Contrato 4711', status: 'Aguardando' });
      expect(body.signers.map((s: { arqsignSignerId: string }) => s.arqsignSignerId)).toEqual(arqsign.signatarios.map((s) => s.id));
      expect(arqsign.signatarios.map((s) => [s.email, s.telefone])).toEqual([['maria@example.com', null], [null, '5511999990000'], ['arquivo@example.com', null]]);
      expect(body.signers[1]).toMatchObject({ email: 'joao@example.com', phone: '+55 11 99999-0000', delivery: 'WHATSAPP', status: 'PENDING', action: 'SIGN' });
      expect(body.documents.map((d: { arqsignDocumentId: string; fileName: string; order: number }) => [d.order, d.fileName, d.arqsignDocumentId])).toEqual(
        arqsign.documentos.map((d) => [d.ordemDocumento, d.nomeDocumento, d.id]),
      );
    });

    it('sends a multipart process (a "process" JSON part and PDF "files" parts in order)', async () => {
      const { documents: _documents, ...part } = processBody(pdfA, { name: 'Contrato multipart' });
      const response = await erp
        .multipart('/v1/processes')
        .field('process', JSON.stringify(part))
        .attach('files', pdfA, { filename: 'contrato-çã.pdf', contentType: 'application/pdf' })
        .attach('files', pdfB, { filename: 'anexo.pdf', contentType: 'application/pdf' })
        .expect(201);
      expect(response.body).toMatchObject({ status: 'IN_PROGRESS', name: 'Contrato multipart', documents: [{ fileName: 'contrato-çã.pdf', order: 1 }, { fileName: 'anexo.pdf', order: 2 }] });
      const arqsign = await sim.process(response.body.arqsignProcessId);
      expect(arqsign.documentos.map((d) => d.nomeDocumento)).toEqual(['contrato-çã.pdf', 'anexo.pdf']);
    });

    it('answers the same Idempotency-Key and body with the same process, creating one ArqSIGN process', async () => {
      const before = await simCount();
      const body = processBody(pdfA, { name: 'Idempotente' });
      const first = await erp.post('/v1/processes', body).set('Idempotency-Key', 'idem-0001').expect(201);
      const second = await erp.post('/v1/processes', body).set('Idempotency-Key', 'idem-0001').expect(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      // The same process as multipart is the same body.
      const { documents: _documents, ...part } = body;
      const multipart = await erp.multipart('/v1/processes').set('Idempotency-Key', 'idem-0001').field('process', JSON.stringify({ ...part, documents: [{ fileName: 'contrato.pdf' }] })).attach('files', pdfA, 'contrato.pdf').expect(201);
      expect(multipart.body.id).toBe(first.body.id);
      expect(await simCount()).toBe(before + 1);

      const other = await erp.post('/v1/processes', processBody(pdfA, { name: 'Outro corpo' })).set('Idempotency-Key', 'idem-0001').expect(422);
      expect(other.body).toMatchObject({ code: 'SIGNING_PROCESS.IDEMPOTENCY_KEY_REUSED' });
      expect(await simCount()).toBe(before + 1);
    });

    it('creates one process and one ArqSIGN process for concurrent requests with the same key', async () => {
      const before = await simCount();
      const body = processBody(pdfA, { name: 'Concorrente' });
      const responses = await Promise.all([1, 2, 3, 4].map(() => erp.post('/v1/processes', body).set('Idempotency-Key', 'idem-race')));
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
      expect(await simCount()).toBe(before + 1);
    });

    it.each([
      ['a file that is not a PDF', 'documents[0].contentBase64', { documents: [{ fileName: 'a.pdf', contentBase64: Buffer.from('GIF89a...').toString('base64') }] }],
      ['invalid Base64', 'documents[0].contentBase64', { documents: [{ fileName: 'a.pdf', contentBase64: 'not base64!' }] }],
      ['two files with the same name', 'documents[1].fileName', 'DUPLICATE_NAMES'],
      ['no documents', 'documents', { documents: [] }],
      ['no signer who signs', 'signers', { signers: [{ name: 'Arquivo', email: 'arquivo@example.com', action: 'COPY' }] }],
      ['a signer without e-mail or phone', 'signers[0].email', { signers: [{ name: 'Maria' }] }],
      ['a bad e-mail', 'signers[0].email', { signers: [{ name: 'Maria', email: 'maria@' }] }],
      ['a bad phone', 'signers[0].phone', { signers: [{ name: 'Maria', phone: '123' }] }],
      ['signing order without an order', 'signers[0].order', { settings: { useSigningOrder: true }, signers: [{ name: 'Maria', email: 'maria@example.com' }] }],
      ['an unknown action', 'signers[0].action', { signers: [{ name: 'Maria', email: 'maria@example.com', action: 'WATCH' }] }],
      ['a missing name', 'name', { name: '' }],
    ])('rejects %s with a 400 naming %s and calls ArqSIGN not at all', async (_case, field, overrides) => {
      const before = await simCount();
      const body =
        overrides === 'DUPLICATE_NAMES'
          ? processBody(pdfA, { documents: [{ fileName: 'a.pdf', contentBase64: pdfA.toString('base64') }, { fileName: 'A.pdf', contentBase64: pdfB.toString('base64') }] })
          : processBody(pdfA, overrides as Record<string, unknown>);
      const response = await erp.post('/v1/processes', body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', correlationId: expect.any(String) });
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await simCount()).toBe(before);
    });

    it('rejects a multipart request without PDFs, or with a non-PDF part, naming the part', async () => {
      const { documents: _documents, ...part } = processBody(pdfA);
      const none = await erp.multipart('/v1/processes').field('process', JSON.stringify(part)).expect(400);
      expect(none.body.details).toEqual([{ field: 'files', problem: expect.any(String) }]);
      const bad = await erp.multipart('/v1/processes').field('process', JSON.stringify(part)).attach('files', Buffer.from('hello'), 'a.pdf').expect(400);
      expect(bad.body.details).toEqual([{ field: 'files[0]', problem: 'is not a PDF (must start with %PDF-)' }]);
      const badJson = await erp.multipart('/v1/processes').field('process', '{nope').attach('files', pdfA, 'a.pdf').expect(400);
      expect(badJson.body.details[0].field).toBe('process');
    });

    it("records an ArqSIGN rejection as SEND_FAILED with ArqSIGN's message", async () => {
      const body = await create({ name: 'Papel inexistente', signers: [{ name: 'Maria', email: 'maria@example.com', roles: { person: ['Astronauta'] } }], settings: {} });
      expect(body).toMatchObject({ status: 'SEND_FAILED', arqsignProcessId: null, error: { code: 'ARQSIGN.VALIDATION', message: expect.stringContaining('Papel'), arqsignMessages: [expect.stringContaining('Papel')] } });
      await erp.post(`/v1/processes/${body.id}/cancel`).expect(409);
    });

    it('keeps a send that certainly did not reach ArqSIGN (rate limited) as SENDING; a sync sends it', async () => {
      const before = await simCount();
      await sim.fault(SEND_PATH, 'rateLimit', { count: 3, retryAfterSeconds: 0 }); // every attempt the client makes
      const body = await create({ name: 'ArqSIGN ocupado' });
      expect(body).toMatchObject({ status: 'SENDING', arqsignProcessId: null, error: { code: 'ARQSIGN.RATE_LIMITED' } });
      expect(await simCount()).toBe(before);
      const synced = await erp.post(`/v1/processes/${body.id}/sync`).expect(200);
      expect(synced.body).toMatchObject({ status: 'IN_PROGRESS', arqsignProcessId: expect.stringMatching(UUID), error: null });
      expect(await simCount()).toBe(before + 1);
    });

    it('records a send that times out as SEND_UNCERTAIN and never sends it again', async () => {
      const before = await simCount();
      await sim.fault(SEND_PATH, 'timeout');
      const started = Date.now();
      const body = await create({ name: 'Envio lento' });
      expect(Date.now() - started).toBeLessThan(6000);
      expect(body).toMatchObject({ status: 'SEND_UNCERTAIN', arqsignProcessId: null, error: { code: 'ARQSIGN.UNCERTAIN' } });
      const sync = await erp.post(`/v1/processes/${body.id}/sync`).expect(409);
      expect(sync.body.code).toBe('SIGNING_PROCESS.NOT_LINKED');
      expect(await simCount()).toBe(before);
      const history = await erp.get(`/v1/processes/${body.id}/history`).expect(200);
      expect(history.body.items.map((h: { type: string; toStatus: string }) => [h.type, h.toStatus])).toEqual([['process.created', 'SENDING'], ['process.send-uncertain', 'SEND_UNCERTAIN']]);
    });
  });

  describe('commands', () => {
    it('cancels in ArqSIGN and locally; a second cancel is a conflict', async () => {
      const created = await create({ name: 'Para cancelar' });
      const response = await erp.post(`/v1/processes/${created.id}/cancel`, { reason: 'documento errado' }).expect(200);
      expect(response.body).toMatchObject({ status: 'CANCELLED', cancelledAt: expect.any(String) });
      expect((await sim.process(created.arqsignProcessId)).status).toBe('Cancelado');
      const again = await erp.post(`/v1/processes/${created.id}/cancel`).expect(409);
      expect(again.body).toMatchObject({ code: 'SIGNING_PROCESS.INVALID_TRANSITION' });
      const history = await erp.get(`/v1/processes/${created.id}/history`).expect(200);
      // (found by type: ArqSIGN's own "cancelled" webhook may add an entry once webhooks are processed)
      expect(history.body.items.find((h: { type: string }) => h.type === 'process.cancelled')).toMatchObject({ type: 'process.cancelled', source: 'api', actor: 'erp', fromStatus: 'IN_PROGRESS', toStatus: 'CANCELLED', data: { reason: 'documento errado' }, eventId: expect.stringMatching(UUID) });
    });

    it("resends with an edited e-mail: ArqSIGN's recipient and ours both change", async () => {
      const created = await create({ name: 'Reenvio' });
      const maria = created.signers[0];
      const response = await erp.post(`/v1/processes/${created.id}/resend`, { signers: [{ signerId: maria.id, email: 'maria.nova@example.com' }] }).expect(200);
      expect(response.body.signers[0]).toMatchObject({ id: maria.id, email: 'maria.nova@example.com', status: 'PENDING' });
      const arqsign = await sim.process(created.arqsignProcessId);
      expect(arqsign.signatarios.find((s) => s.id === maria.arqsignSignerId)?.email).toBe('maria.nova@example.com');
      const bad = await erp.post(`/v1/processes/${created.id}/resend`, { signers: [{ signerId: maria.id, email: 'nope' }] }).expect(400);
      expect(bad.body.details).toEqual([{ field: 'signers[0].email', problem: expect.any(String) }]);
      const history = await erp.get(`/v1/processes/${created.id}/history`).expect(200);
      expect(history.body.items.find((h: { type: string }) => h.type === 'process.resent')).toMatchObject({ type: 'process.resent', data: { edits: [{ signerId: maria.id, email: 'maria.nova@example.com' }], automatic: false } });
    });

    it('restarts a cancelled process as a new one with the same documents and signers, linked both ways', async () => {
      const created = await create({ name: 'Recomeço' });
      await erp.post(`/v1/processes/${created.id}/cancel`).expect(200);
      const restarted = await erp.post(`/v1/processes/${created.id}/restart`).expect(201);
      expect(restarted.body).toMatchObject({ status: 'IN_PROGRESS', name: 'Recomeço', restartedFrom: created.id, arqsignProcessId: expect.stringMatching(UUID) });
      expect(restarted.body.arqsignProcessId).not.toBe(created.arqsignProcessId);
      expect(restarted.body.signers.map((s: { email: string }) => s.email)).toEqual(created.signers.map((s) => s.email));
      expect((await erp.get(`/v1/processes/${created.id}`).expect(200)).body).toMatchObject({ status: 'CANCELLED', restartedTo: restarted.body.id });
      const arqsign = await sim.process(restarted.body.arqsignProcessId);
      expect(arqsign.documentos.map((d) => d.nomeDocumento)).toEqual(['contrato.pdf']);
      await erp.post(`/v1/processes/${created.id}/restart`).expect(409);
      await erp.post(`/v1/processes/${restarted.body.id}/restart`).expect(409); // still in progress
    });

    it('sync after signing in ArqSIGN with its webhooks paused: COMPLETED, from source sync', async () => {
      const created = await create({ name: 'Sincronizar' });
      await sim.pauseWebhooks();
      try {
        await sim.act(created.arqsignProcessId, 'sign');
        await sim.act(created.arqsignProcessId, 'sign');
        expect((await sim.process(created.arqsignProcessId)).status).toBe('Concluído');
        expect((await erp.get(`/v1/processes/${created.id}`).expect(200)).body.status).toBe('IN_PROGRESS');

        const synced = await erp.post(`/v1/processes/${created.id}/sync`).expect(200);
        expect(synced.body).toMatchObject({ status: 'COMPLETED', completedAt: expect.any(String) });
        expect(synced.body.signers.map((s: { status: string }) => s.status)).toEqual(['SIGNED', 'SIGNED', 'PENDING']);
        expect(synced.body.signers[0]).toMatchObject({ signedAt: expect.any(String), signature: expect.objectContaining({ ip: expect.any(String) }) });
        const history = await erp.get(`/v1/processes/${created.id}/history`).expect(200);
        expect(history.body.items.slice(2).map((h: { type: string; source: string }) => [h.type, h.source])).toEqual([
          ['signer.signed', 'sync'],
          ['signer.signed', 'sync'],
          ['process.completed', 'sync'],
        ]);
        // A second sync finds nothing new.
        await erp.post(`/v1/processes/${created.id}/sync`).expect(200);
        expect((await erp.get(`/v1/processes/${created.id}/history`).expect(200)).body.items).toHaveLength(5);
      } finally {
        await sim.resumeWebhooks();
      }
    });

    it('sync records a refusal with its reason', async () => {
      const created = await create({ name: 'Recusa' });
      await sim.act(created.arqsignProcessId, 'refuse', { reason: 'Valor divergente' });
      const synced = await erp.post(`/v1/processes/${created.id}/sync`).expect(200);
      expect(synced.body).toMatchObject({ status: 'REFUSED', refusal: { signerId: created.signers[0].id, reason: 'Valor divergente' } });
      expect(synced.body.signers[0]).toMatchObject({ status: 'REFUSED', refusalReason: 'Valor divergente' });
    });
  });

  describe('isolation between API clients', () => {
    it("answers 404 to another client on a process, its history and every command, and lists none of it", async () => {
      const created = await create({ name: 'Só do ERP', externalId: 'ISO-1' });
      for (const [method, path] of [
        ['get', ''],
        ['get', '/history'],
        ['post', '/cancel'],
        ['post', '/resend'],
        ['post', '/restart'],
        ['post', '/sync'],
      ] as const) {
        const response = await crm[method](`/v1/processes/${created.id}${path}`).expect(404);
        expect(response.body).toMatchObject({ statusCode: 404, code: 'SIGNING_PROCESS.NOT_FOUND' });
      }
      expect((await crm.get('/v1/processes?externalId=ISO-1').expect(200)).body.items).toEqual([]);
      expect((await erp.get(`/v1/processes/${created.id}`).expect(200)).body.status).toBe('IN_PROGRESS');
      await erp.get('/v1/processes/not-a-uuid').expect(404);
    });
  });

  describe('list', () => {
    it('filters by status, externalId and creation time, newest first, with cursor pagination', async () => {
      const lister = client(http, 'lister-key-0003');
      const ids: string[] = [];
      const createdAt: string[] = [];
      for (const externalId of ['L-1', 'L-2', 'L-1']) {
        const body = await create({ name: `Lista ${externalId}`, externalId }, lister);
        ids.push(body.id);
        createdAt.push((body as unknown as { createdAt: string }).createdAt);
      }
      await lister.post(`/v1/processes/${ids[1]}/cancel`).expect(200);

      const page1 = await lister.get('/v1/processes?limit=2').expect(200);
      expect(page1.body.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await lister.get(`/v1/processes?limit=2&cursor=${page1.body.nextCursor}`).expect(200);
      expect(page2.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });

      const ofStatus = (status: string) => lister.get(`/v1/processes?status=${status}`).expect(200).then((r) => r.body.items.map((p: { id: string }) => p.id));
      expect(await ofStatus('CANCELLED')).toEqual([ids[1]]);
      expect(await ofStatus('IN_PROGRESS,CANCELLED')).toEqual([ids[2], ids[1], ids[0]]);
      expect((await lister.get('/v1/processes?externalId=L-1').expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[0]]);
      const from = encodeURIComponent(createdAt[1]);
      expect((await lister.get(`/v1/processes?createdFrom=${from}`).expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
      expect((await lister.get(`/v1/processes?createdTo=${from}`).expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([ids[0]]);

      for (const [query, field] of [['limit=101', 'limit'], ['status=DONE', 'status'], ['createdFrom=yesterday', 'createdFrom'], ['cursor=abc', 'cursor']]) {
        const response = await lister.get(`/v1/processes?${query}`).expect(400);
        expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });
  });

  it('documents every route in Swagger with request, response and error schemas', async () => {
    const { body } = await erp.get('/docs-json').expect(200);
    const operations: [string, string, string[]][] = [
      ['/v1/processes', 'post', ['201', '400', '401', '422']],
      ['/v1/processes', 'get', ['200', '400', '401']],
      ['/v1/processes/{id}', 'get', ['200', '401', '404']],
      ['/v1/processes/{id}/history', 'get', ['200', '404']],
      ['/v1/processes/{id}/cancel', 'post', ['200', '404', '409', '502', '503']],
      ['/v1/processes/{id}/resend', 'post', ['200', '400', '404', '409']],
      ['/v1/processes/{id}/restart', 'post', ['201', '404', '409']],
      ['/v1/processes/{id}/sync', 'post', ['200', '404', '409', '422']],
    ];
    for (const [path, method, statuses] of operations) {
      const operation = body.paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(statuses));
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(operation.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ApiErrorBody' });
      }
    }
    expect(Object.keys(body.paths['/v1/processes'].post.requestBody.content)).toEqual(['application/json', 'multipart/form-data']);
    expect(body.components.schemas.ProcessResponse.properties).toHaveProperty('arqsignProcessId');
  });
});
