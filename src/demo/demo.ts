/* eslint-disable no-console */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Webhook } from 'standardwebhooks';

/**
 * `npm run demo` — the README's "see it work": against a service started with `npm start` in
 * sandbox mode, runs ArqSIGN's ideal flow end to end and shows what happened:
 *
 *   1. creates a process (two signers, one PDF) through `POST /v1/processes`;
 *   2. makes both signers sign in the built-in simulator (its test-control API);
 *   3. waits for the webhooks to complete it and for the archive to store the files;
 *   4. prints the timeline, downloads every archived file and checks its SHA-256;
 *   5. meanwhile a small local receiver, registered as an outbound webhook endpoint, prints the
 *      signed messages it gets, each verified with the `standardwebhooks` package.
 *
 * Environment (all optional): DEMO_BASE_URL (default http://localhost:$PORT, PORT 3000),
 * DEMO_API_KEY (default the sandbox key), DEMO_SIMULATOR_URL (default http://127.0.0.1:$SANDBOX_PORT,
 * SANDBOX_PORT 3999), DEMO_OUTPUT_DIR (default $DATA_DIR/demo, DATA_DIR ./.data as for npm start).
 */

const BASE_URL = (process.env.DEMO_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const API_KEY = process.env.DEMO_API_KEY ?? 'sandbox-key';
const SIMULATOR_URL = (process.env.DEMO_SIMULATOR_URL ?? `http://127.0.0.1:${process.env.SANDBOX_PORT ?? 3999}`).replace(/\/+$/, '');
const OUTPUT_DIR = resolve(process.env.DEMO_OUTPUT_DIR ?? join(process.env.DATA_DIR || './.data', 'demo'));
const WAIT_MS = 60_000;

class DemoError extends Error {}

async function call<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new DemoError(`Cannot reach ${new URL(url).origin} (${(error as Error).message}). Is the service running (npm start, sandbox mode)?`);
  }
  const text = await response.text();
  if (!response.ok) throw new DemoError(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const api = <T = any>(method: string, path: string, body?: unknown) => call<T>(method, `${BASE_URL}${path}`, body, { 'X-Api-Key': API_KEY });
const simulator = <T = any>(method: string, path: string, body?: unknown) => call<T>(method, `${SIMULATOR_URL}${path}`, body);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const step = (n: number, text: string) => console.log(`\n\x1b[1m${n}. ${text}\x1b[0m`);

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoError(`Gave up after ${WAIT_MS / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function demoPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText('Contrato de demonstracao - arqsign-bridge', { x: 50, y: 780, size: 16, font });
  page.drawText(`Gerado em ${new Date().toISOString()}`, { x: 50, y: 755, size: 10, font });
  return Buffer.from(await pdf.save());
}

interface Received {
  id: string;
  type: string;
  sequence: number;
  data: { process: { id: string; status: string } };
}

/** A consumer's receiver on loopback: verifies each message with `standardwebhooks`, keeps the valid ones. */
async function startReceiver(): Promise<{ url: string; messages: Received[]; setSecret(secret: string): void; close(): Promise<void> }> {
  const messages: Received[] = [];
  let verifier: Webhook | undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const message = verifier!.verify(Buffer.concat(chunks).toString('utf8'), request.headers as Record<string, string>) as Received;
        if (!messages.some((m) => m.id === message.id)) messages.push(message);
        console.log(`   \x1b[36m← webhook\x1b[0m ${message.type.padEnd(24)} seq ${String(message.sequence).padStart(4)}  ${message.id}  signature verified`);
        response.writeHead(204).end();
      } catch (error) {
        console.log(`   \x1b[31m← webhook REJECTED\x1b[0m (${(error as Error).message})`);
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    messages,
    setSecret: (secret) => (verifier = new Webhook(secret)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  const registered: { endpointId?: string } = {};
  try {
    await flow(receiver, registered);
  } finally {
    // The receiver goes away with the demo: so does its endpoint.
    if (registered.endpointId) await api('DELETE', `/v1/webhook-endpoints/${registered.endpointId}`).catch(() => undefined);
    await receiver.close();
  }
}

async function flow(receiver: Awaited<ReturnType<typeof startReceiver>>, registered: { endpointId?: string }): Promise<void> {
  console.log(`arqsign-bridge demo — service ${BASE_URL}, simulator ${SIMULATOR_URL}`);
  await call('GET', `${BASE_URL}/health/ready`);
  await simulator('GET', '/__sim/account').catch(() => {
    throw new DemoError(`No ArqSIGN simulator at ${SIMULATOR_URL}: the demo needs the service in sandbox mode (no ARQSIGN_BASE_URL). Set DEMO_SIMULATOR_URL if it runs elsewhere.`);
  });

  step(0, `Start a local webhook receiver and register it (POST /v1/webhook-endpoints → ${receiver.url})`);
  const endpoint = await api('POST', '/v1/webhook-endpoints', { url: receiver.url, description: 'npm run demo' });
  registered.endpointId = endpoint.id;
  receiver.setSecret(endpoint.signingSecret);
  console.log(`   endpoint ${endpoint.id}, secret ${endpoint.signingSecret.slice(0, 10)}… (shown once)`);

  step(1, 'Create a process (POST /v1/processes)');
  const original = await demoPdf();
  const created = await api('POST', '/v1/processes', {
    name: `Demo ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`,
    externalId: `DEMO-${Date.now()}`,
    documents: [{ fileName: 'contrato-demo.pdf', contentBase64: original.toString('base64') }],
    signers: [
      { name: 'Maria Silva', email: 'maria.demo@example.com', order: 1 },
      { name: 'João Souza', email: 'joao.demo@example.com', order: 2 },
    ],
    settings: { useSigningOrder: true, expirationDays: 30 },
  });
  console.log(`   process ${created.id} → ${created.status} (ArqSIGN ${created.arqsignProcessId})`);
  console.log(`   original contrato-demo.pdf  sha256 ${sha256(original)}`);
  if (created.status !== 'IN_PROGRESS') throw new DemoError(`Expected IN_PROGRESS, got ${created.status}: ${JSON.stringify(created.error)}`);

  step(2, 'Both signers sign in the simulator (POST /__sim/processes/{id}/actions)');
  for (const signer of ['maria.demo@example.com', 'joao.demo@example.com']) {
    const state = await simulator('POST', `/__sim/processes/${created.arqsignProcessId}/actions`, { action: 'sign', signer });
    console.log(`   ${signer} signed (ArqSIGN status: ${state.status})`);
  }

  step(3, 'Wait for the webhooks (COMPLETED) and the archive (STORED)');
  const done = await until('the process to complete and its archive to finish', async () => {
    const current = await api('GET', `/v1/processes/${created.id}`);
    return current.status === 'COMPLETED' && ['STORED', 'FAILED'].includes(current.archive.status) ? current : undefined;
  });
  console.log(`   status ${done.status}, archive ${done.archive.status}${done.archive.error ? ` (${done.archive.error})` : ''}`);

  step(4, `Timeline (GET /v1/processes/${created.id}/history)`);
  const history = await api('GET', `/v1/processes/${created.id}/history`);
  for (const entry of history.items) {
    const move = entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus ? `${entry.fromStatus} → ${entry.toStatus}` : (entry.toStatus ?? '');
    console.log(`   ${entry.occurredAt}  ${entry.source.padEnd(8)} ${entry.type.padEnd(24)} ${move}`);
  }

  step(5, `Archived files (GET /v1/processes/${created.id}/files), downloaded and verified`);
  const files = await api('GET', `/v1/processes/${created.id}/files`);
  const directory = join(OUTPUT_DIR, created.id);
  await mkdir(directory, { recursive: true });
  let allMatch = files.items.length > 0;
  for (const file of files.items) {
    const response = await fetch(`${BASE_URL}/v1/processes/${created.id}/files/${file.id}`, { headers: { 'X-Api-Key': API_KEY } });
    if (!response.ok) throw new DemoError(`Download of ${file.id} answered ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const matches = sha256(bytes) === file.sha256;
    allMatch &&= matches;
    await writeFile(join(directory, `${file.documentOrder}-${basename(file.fileName)}`), bytes);
    console.log(`   ${file.kind.padEnd(16)} #${file.documentOrder} ${file.fileName}`);
    console.log(`      ${String(file.size).padStart(8)} bytes  sha256 ${file.sha256}  from ${file.source}  download ${matches ? 'verified' : 'MISMATCH'}`);
  }
  console.log(`\n   saved in ${directory}`);
  const signed = files.items.find((f: any) => f.kind === 'SIGNED_DOCUMENT');
  if (signed) console.log(`   the signed PDF ${signed.sha256 === sha256(original) ? 'is IDENTICAL to' : 'differs from'} the original`);

  if (done.archive.status !== 'STORED' || !allMatch) throw new DemoError('The archive did not end STORED with every file verified');

  step(6, 'Outbound webhooks received by the local receiver, in sequence order');
  const expected = ['process.sent', 'process.signer_signed', 'process.signer_signed', 'process.completed', 'process.archived'];
  const got = await until('every outbound webhook', async () => {
    const ours = receiver.messages.filter((m) => m.data.process.id === created.id);
    return ours.length >= expected.length ? ours.sort((a, b) => a.sequence - b.sequence) : undefined;
  });
  for (const m of got) console.log(`   ${String(m.sequence).padStart(4)}  ${m.type.padEnd(24)} process ${m.data.process.status}`);
  console.log('\n\x1b[32mDone: created, signed, completed by webhook, archived and verified; every outbound webhook received and verified.\x1b[0m');
}

main().catch((error: unknown) => {
  console.error(`\n\x1b[31mDemo failed:\x1b[0m ${error instanceof DemoError ? error.message : (error as Error).stack}`);
  process.exit(1);
});
