import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { eventually } from '../../support/eventually';
import { startTestService, TestService } from '../../support/test-service';
import { makePdf, simulatorControl } from '../signing-processes/support';
import type { FlowInput, FlowReport } from './typed-client/flow-contract';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const CLIENT_DIR = join(__dirname, 'typed-client');
const FLOW = join(CLIENT_DIR, 'flow.ts');
const GENERATED = join(CLIENT_DIR, 'generated', 'api.d.ts');

/** The consumer's tool chain, run as a consumer would: generate types from the served document, compile strictly. */
async function generateAndCompile(documentJson: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'arqsign-openapi-'));
  try {
    const input = join(dir, 'openapi.json');
    writeFileSync(input, documentJson);
    mkdirSync(join(CLIENT_DIR, 'generated'), { recursive: true });
    // Without --default-non-nullable false, a property with a default would come out required.
    await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), input, '--default-non-nullable', 'false', '-o', GENERATED], { cwd: ROOT });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const tsc = ['--ignoreConfig', '--strict', '--noEmit', '--skipLibCheck', '--target', 'es2023', '--lib', 'es2023', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', FLOW];
  try {
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), ...tsc], { cwd: ROOT });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the typed client does not compile against the generated types:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

describe('a typed client generated from the OpenAPI document (openapi-typescript + openapi-fetch, tsc --strict)', () => {
  let service: TestService;
  let baseUrl: string;

  beforeAll(async () => {
    service = await startTestService({ WEBHOOK_MAX_BODY_MB: '1' });
    baseUrl = `http://127.0.0.1:${service.config.port}`;
  });
  afterAll(() => service?.close());

  it('uses no type assertions, no any and no ts-comments', () => {
    const code = [FLOW, join(CLIENT_DIR, 'flow-contract.ts')]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code.match(/\bas\b|\bany\b|@ts-/g)).toBeNull();
  });

  it('compiles strictly against the served document and drives the whole flow against the running service', async () => {
    const served = await request(service.app.getHttpServer()).get('/docs-json').expect(200);
    await generateAndCompile(served.text);

    // Loaded only now: it imports the types generated above.
    const flow: { runFlow(input: FlowInput): Promise<FlowReport> } = require(FLOW);
    const sim = simulatorControl(service.simulator!.url);
    const pdf = await makePdf('Contrato do cliente tipado');
    const externalId = `TC-${Date.now()}`;
    const report = await flow.runFlow({
      baseUrl,
      apiKey: 'sandbox-key',
      pdfBase64: pdf.toString('base64'),
      pdf: new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }),
      externalId,
      sign: async (arqsignProcessId, email) => {
        await sim.act(arqsignProcessId, 'sign', { signer: email });
      },
      eventually: (probe, what) => eventually(probe, what),
    });

    expect(report.createdJson).toEqual({ status: 201, processStatus: 'IN_PROGRESS', email: 'ana@example.com', phone: null, order: null });
    expect(report.createdMultipart).toEqual({ status: 201, processStatus: 'IN_PROGRESS', documents: ['multipart.pdf'] });
    expect(report.listed.firstPage).toHaveLength(1);
    expect(report.listed.secondPage).toHaveLength(1);
    expect(report.listed.firstCursor).toEqual(expect.any(String));
    expect(report.listed.lastCursor).toBeNull();
    expect(new Set([...report.listed.firstPage, ...report.listed.secondPage]).size).toBe(2);
    expect(report.listed.byStatus).toHaveLength(2);
    expect(report.fetched).toEqual({ id: expect.any(String), signers: 1 });
    expect(report.history).toEqual(expect.arrayContaining(['process.created', 'process.sent']));
    expect(report.cancelled).toBe('CANCELLED');
    expect(report.restarted).toEqual({ status: 201, processStatus: 'IN_PROGRESS', restartedFrom: report.fetched.id });
    expect(report.resent).toBe('ana.nova@example.com');
    expect(report.synced).toBe('IN_PROGRESS');
    expect(report.files).toMatchObject({ archive: 'STORED', pdfHeader: '%PDF-', contentType: 'application/pdf' });
    expect(report.files.kinds).toEqual(expect.arrayContaining(['SIGNED_DOCUMENT']));
    expect(report.files.downloadedBytes).toBeGreaterThan(100);

    const { errors } = report;
    expect(errors.unauthorized).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED', correlationId: expect.any(String) });
    expect(errors.notFound).toMatchObject({ status: 404, code: 'SIGNING_PROCESS.NOT_FOUND' });
    expect(errors.conflict).toMatchObject({ status: 409, code: 'SIGNING_PROCESS.INVALID_TRANSITION' });
    expect(errors.idempotencyReused).toMatchObject({ status: 422, code: 'SIGNING_PROCESS.IDEMPOTENCY_KEY_REUSED' });
    expect(errors.tooLarge).toMatchObject({ status: 413, code: 'REQUEST.TOO_LARGE' });
    expect(errors.invalid).toEqual({ status: 400, code: 'REQUEST.VALIDATION_FAILED', correlationId: expect.any(String), fields: ['signers[1].email'] });
  }, 120_000);
});
