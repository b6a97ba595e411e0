import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Client } from 'pg';
import { SIGNING_MIGRATIONS } from '../../../src';
import { startArqsignSimulator } from '../../../src/sandbox';
import type { RunningSimulator } from '../../../src/sandbox';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { simulatorControl } from '../signing-processes/support';
import { installExample, InstalledExample, resolvedPackage } from './installed-example';

/** The Node binary the host runs on: the machine's, or another line's (scripts/node-lines.sh sets HOST_NODE). */
const HOST_NODE = process.env.HOST_NODE ?? process.execPath;
const API_KEY = 'erp-key-example-0001';
const CORPORATE_TOKEN = 'corporate-token-0001';

/** A valid PDF of about `bytes` (an incompressible attachment pads it). */
async function pdfOf(bytes: number, text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  await pdf.attach(randomBytes(bytes), 'annex.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await pdf.save());
}

/**
 * docs/embedding.md: examples/host-app as a consumer runs it — the packed tarball installed into
 * the example, the example compiled by its own strict tsc and started as its own process (plain
 * NestFactory.create: default 100 kB body parser, no rawBody, Nest's default logger) on a fresh
 * database, against the simulator over HTTP. The ideal flow runs through the module's routes and
 * the real webhooks; the host's listener and table follow it.
 */
describe(`example host app from the packed tarball (node ${HOST_NODE === process.execPath ? process.version : HOST_NODE})`, () => {
  let example: InstalledExample;
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let host: ChildProcessWithoutNullStreams;
  let output = '';
  let base: string;
  let filesDir: string;
  let db: Client;

  beforeAll(async () => {
    example = installExample();
    [database, simulator] = await Promise.all([createTestDatabase(), startArqsignSimulator({ port: 0 })]);
    filesDir = mkdtempSync(join(tmpdir(), 'example-host-files-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const { PATH, HOME } = process.env;
    const env = {
      PATH,
      HOME,
      PORT: String(port),
      DATABASE_URL: database.url,
      SIGNING_API_KEY: API_KEY,
      CORPORATE_TOKEN,
      ARQSIGN_BASE_URL: simulator.url,
      ARQSIGN_APP_KEY: simulator.account.appKey,
      ARQSIGN_SUBSCRIPTION_KEY: simulator.account.subscriptionKeys[0],
      ARQSIGN_RESPONSIBLE_ID: simulator.account.responsibleId,
      ARQSIGN_FOLDER_ID: simulator.account.folderId,
      ARQSIGN_SANDBOX: 'true',
      PUBLIC_BASE_URL: base,
      DOWNLOAD_ALLOWED_HOSTS: new URL(simulator.url).host,
      FILES_DIR: filesDir,
    };
    host = spawn(HOST_NODE, ['dist/main.js'], { cwd: example.dir, env, stdio: ['ignore', 'pipe', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
    host.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(async () => {
      if (host.exitCode !== null) throw new Error(`the host exited with ${host.exitCode}:\n${output}`);
      return output.includes('host app ready on');
    }, 'the example host to be ready', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
  }, 240_000);

  afterAll(async () => {
    if (host && host.exitCode === null) {
      const exited = new Promise((r) => host.once('exit', r));
      host.kill('SIGTERM');
      await exited;
    }
    await db?.end();
    await simulator?.close();
    await database?.drop();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'x-api-key': API_KEY, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const corporate = (path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-corporate-token': CORPORATE_TOKEN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('uses the installed package (a real copy in node_modules, with declarations), not the repository sources', () => {
    const installed = resolvedPackage(example.dir);
    expect(installed.isLink).toBe(false);
    expect(installed.entry.startsWith(join(example.dir, 'node_modules/arqsign-bridge/dist/'))).toBe(true);
    expect(readFileSync(installed.types, 'utf8')).toContain('SigningModule');
    // The example's tsconfig maps nothing into src/ (it compiled against the installed declarations).
    expect(readFileSync(join(example.dir, 'tsconfig.json'), 'utf8')).not.toMatch(/"paths"|\.\.\/src/);
    expect(resolve(installed.entry).startsWith(resolve(__dirname, '../../../src'))).toBe(false);
  });

  it('runs the ideal flow: create (267 KB body past the host parser), signatures, conclusion and archive over real webhooks; the host listener updates its own row', async () => {
    // The host's own route, behind its own guard.
    expect((await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"number":"PO-1"}' })).status).toBe(401);
    const order = await corporate('/orders', { number: 'PO-4711' });
    expect(order.status).toBe(201);

    // Our webhooks in the simulator point at the host's /webhooks/arqsign (admin route of the module).
    const provision = await api('/v1/admin/arqsign/webhooks/provision', { method: 'POST' });
    expect(provision.status).toBe(200);

    const pdf = await pdfOf(200_000, 'Pedido PO-4711');
    const body = {
      name: 'Pedido PO-4711',
      externalId: 'PO-4711',
      documents: [{ fileName: 'pedido.pdf', contentBase64: pdf.toString('base64') }],
      signers: [
        { name: 'Maria Silva', email: 'maria@example.com', order: 1 },
        { name: 'João Souza', email: 'joao@example.com', order: 2 },
      ],
      settings: { useSigningOrder: true },
    };
    expect(JSON.stringify(body).length).toBeGreaterThan(260_000); // the host's global JSON parser stops at 100 kB
    const created = await api('/v1/processes', { body });
    const process = (await created.json()) as { id: string; status: string; arqsignProcessId: string };
    expect({ status: created.status, process: process.status }).toEqual({ status: 201, process: 'IN_PROGRESS' });

    const sim = simulatorControl(simulator.url);
    await sim.act(process.arqsignProcessId, 'sign');
    await sim.act(process.arqsignProcessId, 'sign');

    const final = await eventually(async () => {
      const current = (await (await api(`/v1/processes/${process.id}`)).json()) as { status: string; archive: { status: string } };
      return current.status === 'COMPLETED' && current.archive.status === 'STORED' && current;
    }, 'COMPLETED with the archive STORED', 60_000);
    expect(final).toMatchObject({ status: 'COMPLETED', archive: { status: 'STORED' } });
    const files = (await (await api(`/v1/processes/${process.id}/files`)).json()) as { items: { kind: string }[] };
    expect(files.items.map((f) => f.kind).sort()).toEqual(['SIGNATURE_RECORD', 'SIGNED_DOCUMENT']);

    // The webhooks came in through the host, signed and stored (no RAW_BODY_MISSING).
    const deliveries = await db.query<{ valid: boolean }>(`SELECT (signature->>'valid')::boolean AS valid FROM signing.webhook_delivery WHERE process_id = $1`, [process.id]);
    expect(deliveries.rows.length).toBeGreaterThanOrEqual(3);
    expect(deliveries.rows.every((row) => row.valid)).toBe(true);

    // The host's listener saw our typed events and updated its own table.
    const row = await eventually(async () => {
      const result = await db.query<{ contract_status: string; signing_process_id: string; signed_at: Date | null; signing_events: string[] }>(
        'SELECT contract_status, signing_process_id, signed_at, signing_events FROM public.purchase_orders WHERE number = $1',
        ['PO-4711'],
      );
      return result.rows[0]?.contract_status === 'ARCHIVED' && result.rows[0];
    }, "the host's order to be ARCHIVED", 30_000);
    expect(row.signing_process_id).toBe(process.id);
    expect(row.signed_at).toBeInstanceOf(Date);
    expect(row.signing_events).toEqual(['signing.process.sent', 'signing.signer.signed', 'signing.signer.signed', 'signing.process.completed', 'signing.files.stored']);
    const viaHost = (await (await corporate('/orders/PO-4711')).json()) as { contractStatus: string };
    expect(viaHost.contractStatus).toBe('ARCHIVED');
  });

  it("keeps both sets of migrations in the host's one migrations table, our tables in schema signing", async () => {
    const applied = (await db.query<{ name: string }>('SELECT name FROM public.host_migrations ORDER BY id')).rows.map((r) => r.name);
    expect(applied.sort()).toEqual(['CreatePurchaseOrders1780000000000', ...SIGNING_MIGRATIONS.map((m) => m.name)].sort());
    const tables = (await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema IN ('public', 'signing') AND table_type = 'BASE TABLE'`,
    )).rows;
    expect(tables.filter((t) => t.schema === 'public').map((t) => t.name).sort()).toEqual(['host_migrations', 'purchase_orders']);
    expect(tables.filter((t) => t.schema === 'signing').map((t) => t.name)).toEqual(expect.arrayContaining(['signing_process', 'webhook_delivery']));
  });

  it("writes readable log lines through the host's logger (Nest's default), with no personal data", () => {
    expect(output).not.toMatch(/Object\(\d+\)/);
    expect(output).not.toMatch(/maria@example\.com|Maria Silva|João Souza/);
    expect(output).toMatch(/\[WebhookReceiver\]|\[ArqsignWebhooks\]|\[ProcessSender\]/);
  });
});
