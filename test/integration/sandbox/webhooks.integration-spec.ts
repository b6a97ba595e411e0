import { ARQSIGN_EXAMPLES_DIR } from '../../../src/arqsign-client/testing/fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { signWebhookBody, startArqsignSimulator, type RunningSimulator } from '../../../src/sandbox';
import {
  CONCLUSION_LINKS_RETURN,
  TRACKING_RETURN,
  act,
  apiClient,
  control,
  createWebhook,
  download,
  example,
  keyPaths,
  pdfPageCount,
  realPdf,
  sendRequest,
  simpleSendRequest,
  startListener,
  verifyHmac,
  waitFor,
  type RecordingListener,
} from './sandbox-test-kit';

/** Webhook payloads, HMAC, files behind links, casing, filters and pause/resume (docs/arqsign.md#webhooks). */

const SEND = '/api/v2/processo/enviar-documento-para-assinar';

describe('HMAC (4.6)', () => {
  it('reproduces the test vector of examples/README.md', () => {
    const readme = readFileSync(join(ARQSIGN_EXAMPLES_DIR, 'README.md'), 'utf8');
    const [, secret, body, header] = /secret `([^`]+)`, raw body\s+`([^`]+)`[\s\S]*?`HMAC: ([^`]+)`/.exec(readme)!;
    expect([secret, body, header]).toEqual(['example-hmac-secret', '{"Evento":"ProcessoConcluido","IdEvento":8}', 'x41WnImD9ldIjZRWpMuwS/99DSnehdJ5U1iF1Z4XUyE=']);
    expect(signWebhookBody(secret, body)).toBe(header);
    expect(Buffer.from(signWebhookBody(secret, Buffer.from(body)), 'base64').toString('hex')).toBe(
      'c78d569c8983f657488d9456a4cbb04bff7d0d29de85d279535885d59e175321',
    );
  });
});

describe('a whole process with a tracking and a conclusion webhook', () => {
  let sim: RunningSimulator;
  let listener: RecordingListener;

  beforeAll(async () => {
    sim = await startArqsignSimulator({ port: 0 });
    listener = await startListener();
  });
  afterAll(async () => {
    await sim.close();
    await listener.close();
  });

  it('delivers 1, 3, 3 to tracking and one 8 with working links to conclusion, all HMAC-signed', async () => {
    const api = apiClient(sim);
    const tracking = await createWebhook(api, {
      nome: 'Acompanhamento',
      status: 1,
      urlPublicar: `${listener.url}/tracking`,
      aguardarRetorno: true,
      pastas: [sim.account.folderId],
      gatilhos: [1, 2, 3, 4, 5, 6, 7],
      dadosRetorno: TRACKING_RETURN,
    });
    const conclusion = await createWebhook(api, {
      nome: 'Conclusao',
      status: 1,
      urlPublicar: `${listener.url}/conclusion`,
      aguardarRetorno: true,
      gatilhos: [8],
      dadosRetorno: CONCLUSION_LINKS_RETURN,
    });
    const secrets: Record<string, string> = { [tracking.id]: tracking.chaveHMAC, [conclusion.id]: conclusion.chaveHMAC };

    // The documented example (fake PDFs, two signers in order) plus a real two-page PDF as a third file.
    const body = sendRequest(sim);
    const original = await realPdf(2);
    body.documentos.push({ ordemDocumento: 3, nomeComExtensao: 'real.pdf', arquivo: original.toString('base64') });
    const sent = (await api('POST', SEND, body)).body;
    const [maria, joao] = sent.destinatarios.map((d: any) => d.idProcessoDestinatario);

    await waitFor(() => listener.received.length === 1, 3000, 'trigger 1');
    expect((await act(sim, sent.IdProcesso, { action: 'sign', signer: joao })).status).toBe(409); // not his turn yet
    expect((await act(sim, sent.IdProcesso, { action: 'sign', signer: 'maria.exemplo@example.com' })).body.status).toBe('Em processo');
    await waitFor(() => listener.received.length === 2, 3000, 'first trigger 3');
    expect((await act(sim, sent.IdProcesso, { action: 'sign' })).body.status).toBe('Concluído');
    await waitFor(() => listener.received.length === 4, 3000, 'second trigger 3 and trigger 8');

    const byPath = (p: string) => listener.received.filter((h) => h.path === p);
    const trackingHooks = byPath('/tracking');
    const conclusionHooks = byPath('/conclusion');
    expect(trackingHooks.map((h) => h.body.IdEvento)).toEqual([1, 3, 3]);
    expect(conclusionHooks.map((h) => h.body.IdEvento)).toEqual([8]);

    for (const hook of listener.received) {
      expect(hook.headers['content-type']).toMatch(/^application\/json/);
      expect(verifyHmac(secrets[hook.body.IdWebhook], hook.raw, hook.headers.hmac as string)).toBe(true);
      expect(hook.body).toMatchObject({ IdProcesso: sent.IdProcesso, IdConta: sim.account.accountId });
      expect(hook.body.DataHoraAtual).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    }

    // Trigger 1 lists every recipient; trigger 3 only the signer who just signed.
    const [sentHook, firstSigned, secondSigned] = trackingHooks.map((h) => h.body);
    expect(sentHook).toMatchObject({ Evento: 'ProcessoEnviado', StatusProcesso: 'Aguardando', IdStatusProcesso: 2 });
    expect(sentHook.Signatarios.map((s: any) => [s.Id, s.AguardandoEnvio])).toEqual([
      [maria, 'false'],
      [joao, 'true'],
    ]);
    expect(keyPaths(sentHook)).toEqual(keyPaths(example('webhook-sent.json')));
    expect(firstSigned.Signatarios.map((s: any) => s.Id)).toEqual([maria]);
    expect(firstSigned).toMatchObject({ Evento: 'ProcessoAssinado', StatusProcesso: 'Em processo', IdStatusProcesso: 3 });
    expect(keyPaths(firstSigned)).toEqual(keyPaths(example('webhook-signed-by-one.json')));
    expect(firstSigned.Signatarios[0].DadosAssinatura.DataAssinatura).not.toBeNull();
    expect(secondSigned.Signatarios.map((s: any) => s.Id)).toEqual([joao]);
    expect(trackingHooks.every((h) => h.body.Documentos === undefined)).toBe(true);

    // Trigger 8: every document with a signed file, shared link and signature record — as links.
    const concluded = conclusionHooks[0].body;
    expect(concluded).toMatchObject({ Evento: 'ProcessoConcluido', IdWebhook: conclusion.id, StatusProcesso: 'Concluído', IdStatusProcesso: 4 });
    expect(keyPaths({ ...concluded, Documentos: concluded.Documentos.slice(0, 2) })).toEqual(keyPaths(example('webhook-concluded-links.json')));
    expect(concluded.Signatarios).toHaveLength(2);
    expect(concluded.Documentos.map((d: any) => d.NomeDocumento)).toEqual(['contrato-4711.pdf', 'anexo-tabela-de-precos.pdf', 'real.pdf']);

    for (const doc of concluded.Documentos) {
      const signed = await download(doc.LinkParaBaixarDocumento);
      expect(signed.status).toBe(200);
      expect(signed.contentType).toBe('application/pdf');
      const pages = await pdfPageCount(signed.bytes);
      const pdf = await PDFDocument.load(signed.bytes);
      expect(pdf.getKeywords()).toContain('assinado');
      const originalBytes = Buffer.from(body.documentos.find((d: any) => d.nomeComExtensao === doc.NomeDocumento).arquivo, 'base64');
      expect(signed.bytes.equals(originalBytes)).toBe(false);
      if (doc.NomeDocumento === 'real.pdf') expect(pages).toBe(3); // the original's two pages + the signature page

      const shared = await download(doc.LinkDocumentosCompartilhados);
      expect(shared.status).toBe(200);
      expect(shared.bytes.equals(signed.bytes)).toBe(true);

      expect(doc.RegistroAssinaturas).toHaveLength(1);
      expect(doc.RegistroAssinaturas[0].NomeRegistro).toBe(doc.NomeDocumento.replace('.pdf', '_Registro de assinaturas.pdf'));
      const record = await download(doc.RegistroAssinaturas[0].LinkParaBaixarRegistro);
      expect(record.status).toBe(200);
      expect(await pdfPageCount(record.bytes)).toBe(1);

      // GET v2 and the signature-record endpoint serve the same files.
      const v2doc = (await api('GET', `/api/v2/processo/${sent.IdProcesso}`)).body.documentos.find((d: any) => d.id === doc.Id);
      expect(Buffer.from(v2doc.base64Documento, 'base64').equals(signed.bytes)).toBe(true);
      const rec = (await api('GET', `/api/v1/processo/${doc.Id}/registro-assinaturas`)).body;
      expect(Buffer.from(rec.base64, 'base64').equals(record.bytes)).toBe(true);
    }
    const attachment = concluded.Signatarios[1].DadosAssinatura.Anexos[0];
    expect(attachment.AnexoDocumentoNome).toBe('Contrato Social');
    expect(await pdfPageCount((await download(attachment.LinkParaBaixarDocumento)).bytes)).toBe(1);

    // A tampered token is refused.
    const tampered = concluded.Documentos[0].LinkParaBaixarDocumento.replace(/token=./, 'token=X');
    expect((await download(tampered)).status).toBe(403);

    const log = (await control(sim, 'GET', `/__sim/deliveries?processId=${sent.IdProcesso}`)).body;
    expect(log.map((d: any) => [d.trigger, d.attempt, d.status, d.outcome])).toEqual([
      [1, 1, 200, 'delivered'],
      [3, 1, 200, 'delivered'],
      [3, 1, 200, 'delivered'],
      [8, 1, 200, 'delivered'],
    ]);
    expect(log[0]).toEqual(expect.objectContaining({ webhookId: tracking.id, url: `${listener.url}/tracking`, at: expect.any(String) }));
  });

  it('sends the other tracking events with the documented signer selection', async () => {
    const api = apiClient(sim);
    const start = listener.received.length;
    const body = sendRequest(sim);
    const sent = (await api('POST', SEND, body)).body;
    const [maria, joao] = sent.destinatarios.map((d: any) => d.idProcessoDestinatario);
    await act(sim, sent.IdProcesso, { action: 'sign' });
    await act(sim, sent.IdProcesso, { action: 'fail-delivery', signer: joao });
    await api('PATCH', `/api/v2/processo/${sent.IdProcesso}/reenviar-processo`, []);
    await act(sim, sent.IdProcesso, { action: 'expire' });
    await act(sim, sent.IdProcesso, { action: 'refuse', signer: joao, reason: 'Valores errados.' }).then((r) => expect(r.status).toBe(409)); // link expired
    await api('PATCH', `/api/v2/processo/${sent.IdProcesso}/reenviar-processo`, []);
    await act(sim, sent.IdProcesso, { action: 'refuse', reason: 'Valores errados.' });

    const hooks = await waitFor(() => {
      const mine = listener.received.slice(start).filter((h) => h.path === '/tracking');
      return mine.length === 7 && mine;
    }, 3000, 'seven tracking events');
    // Deliveries race each other; order by event id is what matters here.
    const byEvent = (id: number) => hooks.filter((h) => h.body.IdEvento === id).map((h) => h.body);
    expect(hooks.map((h) => h.body.IdEvento).sort()).toEqual([1, 2, 3, 4, 6, 7, 7]);

    const failure = byEvent(2)[0];
    expect(failure.Signatarios.map((s: any) => [s.Id, s.FalhaEnvio])).toEqual([[joao, 'true']]);
    expect(keyPaths(failure)).toEqual(keyPaths(example('webhook-delivery-failure.json')));
    const resent = byEvent(7)[0];
    expect(resent.Signatarios.map((s: any) => s.Id)).toEqual([maria, joao]);
    expect(resent.DataReenvio).not.toBeNull();
    expect(resent.Signatarios[1].FalhaEnvio).toBe('false');
    const expired = byEvent(6)[0];
    expect(expired).toMatchObject({ Evento: 'ProcessoExpirado', StatusProcesso: 'Em processo' });
    const refused = byEvent(4)[0];
    expect(refused).toMatchObject({ Evento: 'ProcessoRecusado', StatusProcesso: 'Cancelado', IdStatusProcesso: 5, UsuarioCancelamento: null });
    expect(refused.Signatarios.find((s: any) => s.Id === joao)).toMatchObject({ AssinaturaRecusada: 'true', MotivoRecusa: 'Valores errados.' });
    expect(keyPaths(refused)).toEqual(keyPaths(example('webhook-refused.json')));
  });

  it('fires trigger 5 on cancellation and nothing for processes outside the folder filter', async () => {
    const api = apiClient(sim);
    const start = listener.received.length;
    const folders = (await api('POST', '/api/v1/diretorio/buscar-pastas', { buscarPor: 3 })).body[0].filhos;
    const other = sendRequest(sim);
    other.idPasta = folders.find((f: any) => f.nome === 'Financeiro').id;
    const outside = (await api('POST', SEND, other)).body;
    const inside = (await api('POST', SEND, sendRequest(sim))).body;
    await act(sim, inside.IdProcesso, { action: 'sign' });
    await api('PATCH', `/api/v1/processo/${inside.IdProcesso}/cancelar-processo`);
    await waitFor(() => listener.received.length - start === 3, 3000, 'triggers 1, 3 and 5');
    await new Promise((r) => setTimeout(r, 50));
    const mine = listener.received.slice(start);
    expect(mine.every((h) => h.body.IdProcesso === inside.IdProcesso)).toBe(true);
    const cancelled = mine.find((h) => h.body.IdEvento === 5)!.body;
    expect(cancelled).toMatchObject({ Evento: 'ProcessoCancelado', StatusProcesso: 'Cancelado', UsuarioCancelamento: 'Ana Remetente' });
    expect(keyPaths(cancelled)).toEqual(keyPaths(example('webhook-cancelled.json')));
    expect((await control(sim, 'GET', `/__sim/events?processId=${outside.IdProcesso}`)).body).toEqual([
      expect.objectContaining({ trigger: 1, webhookIds: [] }),
    ]);
  });
});

describe('payload options', () => {
  let listener: RecordingListener;
  beforeAll(async () => {
    listener = await startListener();
  });
  afterAll(() => listener.close());

  it('inlines files as Base64 and switches to camelCase keys', async () => {
    const sim = await startArqsignSimulator({ port: 0, webhookCasing: 'camel' });
    try {
      const api = apiClient(sim);
      const hook = await createWebhook(api, {
        nome: 'Base64',
        status: 1,
        urlPublicar: `${listener.url}/base64`,
        gatilhos: [8],
        dadosRetorno: { processo: false, signatarios: false, documentos: true, documentosTipo: 1, registrosAssinatura: true, registrosAssinaturaTipo: 1 },
      });
      const original = await realPdf(1);
      const sent = (await api('POST', SEND, simpleSendRequest(sim, ['a@example.com'], original.toString('base64')))).body;
      await act(sim, sent.IdProcesso, { action: 'sign' });
      const received = await waitFor(() => listener.received.find((h) => h.path === '/base64'), 3000, 'trigger 8');
      expect(verifyHmac(hook.chaveHMAC, received.raw, received.headers.hmac as string)).toBe(true);
      const payload = received.body;
      expect(Object.keys(payload)).toEqual(['evento', 'idEvento', 'idProcesso', 'idConta', 'idWebhook', 'dataHoraAtual', 'documentos']);
      const doc = payload.documentos[0];
      expect(Object.keys(doc)).toEqual(['id', 'ordemDocumento', 'nomeDocumento', 'base64Documento', 'registroAssinaturas']);
      expect(await pdfPageCount(Buffer.from(doc.base64Documento, 'base64'))).toBe(2);
      expect(doc.registroAssinaturas[0].nomeRegistro).toBe('contrato_Registro de assinaturas.pdf');
      expect(await pdfPageCount(Buffer.from(doc.registroAssinaturas[0].base64Registro, 'base64'))).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('expires download links after linkTtlSeconds of simulator time (403)', async () => {
    const sim = await startArqsignSimulator({ port: 0, linkTtlSeconds: 60 });
    try {
      const api = apiClient(sim);
      await createWebhook(api, { nome: 'Links', status: 1, urlPublicar: `${listener.url}/links`, gatilhos: [8], dadosRetorno: CONCLUSION_LINKS_RETURN });
      const sent = (await api('POST', SEND, simpleSendRequest(sim, ['a@example.com']))).body;
      await act(sim, sent.IdProcesso, { action: 'sign' });
      const received = await waitFor(() => listener.received.find((h) => h.path === '/links'), 3000, 'trigger 8');
      const link = received.body.Documentos[0].LinkParaBaixarDocumento as string;
      expect(link.startsWith(`${sim.url}/download/documento/`)).toBe(true);
      expect((await download(link)).status).toBe(200);
      await control(sim, 'POST', '/__sim/clock', { advanceSeconds: 61 });
      const expired = await download(link);
      expect(expired.status).toBe(403);
      expect(JSON.parse(expired.bytes.toString())).toEqual({ status: 403, mensagem: 'Link expirado.' });
    } finally {
      await sim.close();
    }
  });

  it('records but holds deliveries while paused, and delivers them on resume', async () => {
    const sim = await startArqsignSimulator({ port: 0 });
    try {
      const api = apiClient(sim);
      await createWebhook(api, { nome: 'Pausa', status: 1, urlPublicar: `${listener.url}/paused`, gatilhos: [1, 3], dadosRetorno: TRACKING_RETURN });
      expect((await control(sim, 'POST', '/__sim/webhooks/pause')).body).toEqual({ paused: true, pending: 0 });
      const sent = (await api('POST', SEND, simpleSendRequest(sim, ['a@example.com', 'b@example.com']))).body;
      await act(sim, sent.IdProcesso, { action: 'sign' });
      await new Promise((r) => setTimeout(r, 100));
      expect(listener.received.filter((h) => h.path === '/paused')).toHaveLength(0);
      expect((await control(sim, 'GET', `/__sim/events?processId=${sent.IdProcesso}`)).body.map((e: any) => e.trigger)).toEqual([1, 3]);
      expect((await control(sim, 'POST', '/__sim/webhooks/resume')).body.paused).toBe(false);
      const hooks = await waitFor(() => {
        const mine = listener.received.filter((h) => h.path === '/paused');
        return mine.length === 2 && mine;
      }, 3000, 'held deliveries');
      expect(hooks.map((h) => h.body.IdEvento).sort()).toEqual([1, 3]);
    } finally {
      await sim.close();
    }
  });
});
