import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from 'supertest/types';
import { apiClient, type Api } from '../../integration/sandbox/sandbox-test-kit';
import { startTestService, type TestService } from '../../support/test-service';
import { makePdf, simulatorControl } from '../signing-processes/support';
import { client, eventually, originalShaInSignedPdf, sha256, simulatorFiles } from './support';

/**
 * Issue 8, "done when" (sandbox mode, the conclusion webhook carries links): a process created
 * through `POST /v1/processes` and signed in the simulator ends with archive STORED; every file
 * downloads with the SHA-256 the simulator reports; the signed PDF differs from the original;
 * another client gets 404.
 */
describe('Archive: conclusion by links (sandbox, real signed webhooks, local disk)', () => {
  let service: TestService;
  let http: App;
  let arqsign: Api;
  let sim: ReturnType<typeof simulatorControl>;
  let dataDir: string;
  const originals: Buffer[] = [];
  const api = () => client(http, 'sandbox-key');
  const other = () => client(http, 'other-key');

  beforeAll(async () => {
    service = await startTestService({ API_KEYS: 'sandbox:sandbox-key,other:other-key' });
    http = service.app.getHttpServer();
    arqsign = apiClient(service.simulator!);
    sim = simulatorControl(service.simulator!.url);
    dataDir = service.config.dataDir;
    originals.push(await makePdf('Contrato de prestação'), await makePdf('Anexo: tabela de preços'));
  });
  afterAll(async () => {
    await service?.close();
  });

  async function completedProcess(): Promise<any> {
    const created = await api().post('/v1/processes', {
      name: `Contrato ${Math.random().toString(36).slice(2, 8)}`,
      documents: [
        { fileName: 'contrato.pdf', contentBase64: originals[0].toString('base64') },
        { fileName: 'relatório de preços.pdf', contentBase64: originals[1].toString('base64') },
      ],
      signers: [
        { name: 'Maria Silva', email: 'maria@example.com', order: 1 },
        { name: 'João Souza', email: 'joao@example.com', order: 2 },
      ],
      settings: { useSigningOrder: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('IN_PROGRESS');
    await sim.act(created.body.arqsignProcessId, 'sign', { signer: 'maria@example.com' });
    await sim.act(created.body.arqsignProcessId, 'sign', { signer: 'joao@example.com' });
    return created.body;
  }

  const archiveOf = async (id: string) => (await api().get(`/v1/processes/${id}`)).body.archive;

  it('archives both signed documents and both signature records: STORED, with the SHA-256 the simulator reports', async () => {
    const created = await completedProcess();
    const archive = await eventually(async () => {
      const current = await archiveOf(created.id);
      return current?.status === 'STORED' || current?.status === 'FAILED' ? current : undefined;
    }, 'the archive to finish');
    expect(archive).toEqual({ status: 'STORED', error: null });

    const list = await api().get(`/v1/processes/${created.id}/files`);
    expect(list.status).toBe(200);
    expect(list.body.archive).toEqual({ status: 'STORED', error: null });
    const files: any[] = list.body.items;
    expect(files.map((f) => [f.kind, f.documentOrder, f.source, f.fileName])).toEqual([
      ['SIGNED_DOCUMENT', 1, 'LINK', 'contrato.pdf'],
      ['SIGNATURE_RECORD', 1, 'LINK', 'contrato_Registro de assinaturas.pdf'],
      ['SIGNED_DOCUMENT', 2, 'LINK', 'relatório de preços.pdf'],
      ['SIGNATURE_RECORD', 2, 'LINK', 'relatório de preços_Registro de assinaturas.pdf'],
    ]);

    const reported = await simulatorFiles(arqsign, created.arqsignProcessId);
    const expected = [reported.signed[0], reported.records[0], reported.signed[1], reported.records[1]].map(sha256);
    expect(files.map((f) => f.sha256)).toEqual(expected);

    for (const [i, file] of files.entries()) {
      const download = await api().download(`/v1/processes/${created.id}/files/${file.id}`);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(Number(download.headers['content-length'])).toBe(file.size);
      expect(download.headers.etag).toBe(`"${file.sha256}"`);
      const body = download.body as Buffer;
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(body.length).toBe(file.size);
      expect(sha256(body)).toBe(expected[i]);
    }

    // The signed PDF is not the original, and it is the signed version of OUR original.
    for (const order of [0, 1]) {
      const signed = (await api().download(`/v1/processes/${created.id}/files/${files[order * 2].id}`)).body as Buffer;
      expect(sha256(signed)).not.toBe(sha256(originals[order]));
      expect(sha256(signed)).not.toBe(created.documents[order].sha256);
      expect(await originalShaInSignedPdf(signed)).toBe(sha256(originals[order]));
    }

    // Safe download names: RFC 6266 filename* with the UTF-8 name, an ASCII fallback.
    const accented = await api().download(`/v1/processes/${created.id}/files/${files[2].id}`);
    expect(accented.headers['content-disposition']).toBe(
      `attachment; filename="relatorio de precos.pdf"; filename*=UTF-8''relat%C3%B3rio%20de%20pre%C3%A7os.pdf`,
    );

    // On disk: names we generated, under DATA_DIR/files, no temporary files left.
    const stored = await readdir(join(dataDir, 'files', 'processes', created.id));
    expect(stored.sort()).toEqual(files.map((f) => `${f.id}.pdf`).sort());

    // The timeline: completed by the webhook, then the archive (automatic behaviour).
    const history: any[] = (await api().get(`/v1/processes/${created.id}/history`)).body.items;
    const types = history.map((entry) => entry.type);
    expect(types.indexOf('archive.stored')).toBeGreaterThan(types.indexOf('process.completed'));
    expect(history.find((entry) => entry.type === 'archive.stored')).toMatchObject({ source: 'policy', data: { files: expect.any(Array) } });
    expect(history.filter((entry) => entry.type === 'archive.stored')).toHaveLength(1);
  });

  it('another API client gets 404 for the list, the files and the retry; unknown files are 404 too', async () => {
    const created = await completedProcess();
    await eventually(async () => (await archiveOf(created.id))?.status === 'STORED', 'STORED');
    const [file] = (await api().get(`/v1/processes/${created.id}/files`)).body.items;

    const list = await other().get(`/v1/processes/${created.id}/files`);
    expect(list.status).toBe(404);
    expect(list.body).toMatchObject({ statusCode: 404, code: 'SIGNING_PROCESS.NOT_FOUND' });
    const download = await other().get(`/v1/processes/${created.id}/files/${file.id}`);
    expect(download.status).toBe(404);
    expect(download.headers['content-type']).toMatch(/json/);
    expect((await other().post(`/v1/processes/${created.id}/archive/retry`)).status).toBe(404);

    const unknown = await api().get(`/v1/processes/${created.id}/files/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('STORAGE.FILE_NOT_FOUND');
    expect((await api().get(`/v1/processes/${created.id}/files/not-a-uuid`)).status).toBe(404);
    expect((await api().get('/v1/processes/00000000-0000-4000-8000-000000000000/files')).status).toBe(404);
  });

  it('a STORED archive cannot be "retried" (409), and an open process has no archive yet', async () => {
    const created = await completedProcess();
    await eventually(async () => (await archiveOf(created.id))?.status === 'STORED', 'STORED');
    const retry = await api().post(`/v1/processes/${created.id}/archive/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('SIGNING_PROCESS.ARCHIVE_INVALID_TRANSITION');

    const open = await api().post('/v1/processes', {
      name: 'Ainda aberto',
      documents: [{ fileName: 'a.pdf', contentBase64: originals[0].toString('base64') }],
      signers: [{ name: 'Ana', email: 'ana@example.com' }],
    });
    expect(open.body.archive).toEqual({ status: 'NONE', error: null });
    const files = await api().get(`/v1/processes/${open.body.id}/files`);
    expect(files.body).toEqual({ processId: open.body.id, archive: { status: 'NONE', error: null }, items: [] });
    expect((await api().post(`/v1/processes/${open.body.id}/archive/retry`)).status).toBe(409);
  });

  it('the file routes are in the OpenAPI document', async () => {
    const doc = (await client(http, 'sandbox-key').get('/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/processes/{id}/files', '/v1/processes/{id}/files/{fileId}', '/v1/processes/{id}/archive/retry']));
    expect(doc.paths['/v1/processes/{id}/files/{fileId}'].get.responses['200'].content['application/pdf']).toBeDefined();
  });
});
