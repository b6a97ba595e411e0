import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver = require('s3rver');
import type { App } from 'supertest/types';
import { startArqsignSimulator, type RunningSimulator } from '../../../src/sandbox';
import { createS3Client } from '../../../src/storage/stores/s3.store';
import { apiClient, type Api } from '../../integration/sandbox/sandbox-test-kit';
import { freePort } from '../../support/free-port';
import { startTestService, type TestService } from '../../support/test-service';
import { makePdf, simulatorControl } from '../signing-processes/support';
import { client, eventually, originalShaInSignedPdf, sha256, simulatorFiles } from './support';

const BUCKET = 'arqsign-bridge-e2e';

/**
 * Issue 8, the other two sources, with the S3 driver (s3rver on 127.0.0.1) and ArqSIGN played by
 * a simulator started here (not sandbox mode), so the test owns its webhook configurations:
 * - a conclusion configuration sending Base64 (`documentosTipo` = `registrosAssinaturaTipo` = 1);
 * - a conclusion configuration sending links that have already expired when fetched
 *   (`linkTtlSeconds: 0`): the files come through the API (GET v2 + signature-record endpoint).
 * Only one of the two is active at a time.
 */
describe('Archive: conclusion by Base64, and expired links → API (S3 on s3rver)', () => {
  let s3Dir: string;
  let s3: S3rver;
  let s3Port: number;
  let s3Client: S3Client;
  let simulator: RunningSimulator;
  let arqsign: Api;
  let sim: ReturnType<typeof simulatorControl>;
  let service: TestService;
  let http: App;
  const configs: Record<'base64' | 'links', string> = { base64: '', links: '' };
  let original: Buffer;
  const api = () => client(http, 'erp-key');

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'arqsign-bridge-e2e-s3-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir });
    ({ port: s3Port } = await s3.run());
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    s3Client = createS3Client({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1' });
    await s3Client.send(new CreateBucketCommand({ Bucket: BUCKET }));

    simulator = await startArqsignSimulator({ port: 0, linkTtlSeconds: 0 });
    arqsign = apiClient(simulator);
    sim = simulatorControl(simulator.url);
    const port = await freePort();
    const secrets: string[] = [];
    for (const [kind, tipo, status] of [['base64', 1, 1], ['links', 2, 2]] as const) {
      const created = await arqsign('POST', '/api/v1/confwebhook', {
        nome: `e2e conclusion ${kind}`,
        status,
        urlPublicar: `http://127.0.0.1:${port}/webhooks/arqsign`,
        gatilhos: [8],
        dadosRetorno: { processo: true, signatarios: true, documentos: true, documentosTipo: tipo, registrosAssinatura: true, registrosAssinaturaTipo: tipo },
      });
      expect(created.status).toBe(200);
      configs[kind] = created.body.id;
      secrets.push(created.body.chaveHMAC);
    }

    service = await startTestService({
      PORT: String(port),
      ARQSIGN_BASE_URL: simulator.url,
      ARQSIGN_APP_KEY: simulator.account.appKey,
      ARQSIGN_SUBSCRIPTION_KEY: simulator.account.subscriptionKeys[0],
      ARQSIGN_RESPONSIBLE_ID: simulator.account.responsibleId,
      ARQSIGN_FOLDER_ID: simulator.account.folderId,
      ARQSIGN_ACCOUNT_ID: simulator.account.accountId,
      ARQSIGN_WEBHOOK_SECRETS: secrets.join(','),
      API_KEYS: 'erp:erp-key',
      DOWNLOAD_ALLOWED_HOSTS: `.arqsign.com,${new URL(simulator.url).host}`,
      STORAGE_DRIVER: 's3',
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_REGION: 'us-east-1',
      ARCHIVE_MAX_ATTEMPTS: '2',
    });
    http = service.app.getHttpServer();
    original = await makePdf('Contrato para S3');
  });
  afterAll(async () => {
    await service?.close();
    await simulator?.close();
    s3Client?.destroy();
    await s3?.close();
    if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
  });

  async function useConfig(active: 'base64' | 'links'): Promise<void> {
    for (const kind of ['base64', 'links'] as const) {
      const response = await arqsign('PATCH', `/api/v1/confwebhook/${configs[kind]}/alterar-status`, { status: kind === active ? 1 : 2 });
      expect(response.status).toBe(200);
    }
  }

  async function signedProcess(): Promise<any> {
    const created = await api().post('/v1/processes', {
      name: `S3 ${Math.random().toString(36).slice(2, 8)}`,
      documents: [{ fileName: 'contrato.pdf', contentBase64: original.toString('base64') }],
      signers: [{ name: 'Maria Silva', email: 'maria@example.com' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('IN_PROGRESS');
    await sim.act(created.body.arqsignProcessId, 'sign');
    return created.body;
  }

  async function finishedArchive(id: string): Promise<any> {
    return eventually(async () => {
      const { archive } = (await api().get(`/v1/processes/${id}`)).body;
      return archive?.status === 'STORED' || archive?.status === 'FAILED' ? archive : undefined;
    }, 'the archive to finish');
  }

  async function expectFilesMatchSimulator(created: any, source: string): Promise<void> {
    const files: any[] = (await api().get(`/v1/processes/${created.id}/files`)).body.items;
    expect(files.map((f) => [f.kind, f.documentOrder, f.source])).toEqual([
      ['SIGNED_DOCUMENT', 1, source],
      ['SIGNATURE_RECORD', 1, source],
    ]);
    const reported = await simulatorFiles(arqsign, created.arqsignProcessId);
    const expected = [sha256(reported.signed[0]), sha256(reported.records[0])];
    expect(files.map((f) => f.sha256)).toEqual(expected);
    for (const [i, file] of files.entries()) {
      const download = await api().download(`/v1/processes/${created.id}/files/${file.id}`);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(sha256(download.body as Buffer)).toBe(expected[i]);
      // The object is in the bucket under the key we generated.
      const head = await s3Client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `processes/${created.id}/${file.id}.pdf` }));
      expect(head.ContentLength).toBe(file.size);
    }
    const signed = (await api().download(`/v1/processes/${created.id}/files/${files[0].id}`)).body as Buffer;
    expect(sha256(signed)).not.toBe(sha256(original));
    expect(await originalShaInSignedPdf(signed)).toBe(sha256(original));
  }

  it('conclusion by Base64 → archive STORED, files from the webhook body, in S3', async () => {
    await useConfig('base64');
    const created = await signedProcess();
    expect(await finishedArchive(created.id)).toEqual({ status: 'STORED', error: null });
    await expectFilesMatchSimulator(created, 'BASE64');
  });

  it('storage down → archive FAILED with the reason; POST …/archive/retry once it is back → STORED', async () => {
    await useConfig('base64');
    await s3.close(); // the bucket's server goes away
    const created = await signedProcess();
    const failed = await finishedArchive(created.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/^signed document 1: Base64: storage write failed: .+; API: storage write failed: .+ \| signature record 1: Base64: storage write failed: .+; API: storage write failed: .+$/);
    expect((await api().get(`/v1/processes/${created.id}/files`)).body.items).toEqual([]);

    s3 = new S3rver({ address: '127.0.0.1', port: s3Port, silent: true, directory: s3Dir });
    await s3.run();
    const retry = await api().post(`/v1/processes/${created.id}/archive/retry`);
    expect(retry.status).toBe(202);
    expect(retry.body.archive).toEqual({ status: 'PENDING', error: null });
    expect(await finishedArchive(created.id)).toEqual({ status: 'STORED', error: null });
    await expectFilesMatchSimulator(created, 'BASE64');

    const history: any[] = (await api().get(`/v1/processes/${created.id}/history`)).body.items;
    expect(history.filter((e) => e.type.startsWith('archive.')).map((e) => [e.type, e.source])).toEqual([
      ['archive.failed', 'policy'],
      ['archive.retry-requested', 'api'],
      ['archive.stored', 'policy'],
    ]);
  });

  it('conclusion by links that have expired (403) → the files come through the API → STORED', async () => {
    await useConfig('links');
    const created = await signedProcess();
    expect(await finishedArchive(created.id)).toEqual({ status: 'STORED', error: null });
    await expectFilesMatchSimulator(created, 'API');

    // The links were tried (and refused by ArqSIGN as expired) before the API was used.
    const warnings = service.logLines.filter((line) => line.includes('Download link failed') && line.includes(created.id));
    expect(warnings).toHaveLength(2);
    expect(warnings.every((line) => line.includes('HTTP 403'))).toBe(true);
    expect(warnings.some((line) => line.includes('token='))).toBe(false);
  });
});
