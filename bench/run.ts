import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.server';
import { FIND_DUE_SQL } from '../src/signing-processes/infrastructure/sync-checks.query';
import { startArqsignSimulator } from '../src/sandbox';
import type { RunningSimulator } from '../src/sandbox';
import { freePort } from '../test/support/free-port';
import { ChildHandle, startChild } from './lib/children';
import { fixedRate, LoadResult, saturate } from './lib/load';
import { machineInfo } from './lib/machine';
import { bigPdf, signedRequest, trackingDelivery } from './lib/payloads';
import { BENCH_CLIENTS, seedProcesses } from './lib/seed';
import { formatBytes, formatMs, percentile } from './lib/stats';

/**
 * `npm run bench`: the four figures of issue 7, printed as one Markdown table.
 *
 * Everything runs on this machine, over loopback, and stops by itself (a watchdog ends the run
 * after BENCH_MAX_MINUTES). It starts its own durable PostgreSQL (the service's embedded one:
 * fsync and synchronous_commit on, as `npm start` runs it), the ArqSIGN simulator (in this
 * process), the service (`startService`, in a child process, logs at `warn`) and the raw baseline
 * (`bench/baseline-server.ts`, another child), then measures:
 *   1. webhook acknowledgement of tracking deliveries, ours and the baseline side by side, at
 *      saturation (N keep-alive connections) and at a fixed 200 req/s;
 *   2. a conclusion by links with 2 × 5 MB PDFs, driven through the simulator: the simulator's
 *      delivery of trigger 8 → `signing.files.stored` (archive STORED), p50/p95;
 *   3. a Base64 conclusion carrying 50 MB of PDFs: time to STORED and the service's peak RSS increase;
 *   4. `GET /v1/processes` filtered pages with 1,000,000 processes in the table, p50/p95.
 */

const env = process.env;
const QUICK = env.BENCH_QUICK === '1';
const SETTINGS = {
  processes: Number(env.BENCH_PROCESSES ?? (QUICK ? 20_000 : 1_000_000)),
  ackSeconds: Number(env.BENCH_ACK_SECONDS ?? (QUICK ? 3 : 10)),
  ackWarmupSeconds: Number(env.BENCH_ACK_WARMUP_SECONDS ?? (QUICK ? 1 : 3)),
  connections: Number(env.BENCH_CONNECTIONS ?? 32),
  fixedRate: Number(env.BENCH_FIXED_RATE ?? 200),
  linkSamples: Number(env.BENCH_LINK_SAMPLES ?? (QUICK ? 3 : 15)),
  linkPdfBytes: Number(env.BENCH_LINK_PDF_MB ?? 5) * 1024 * 1024,
  base64PdfBytes: Number(env.BENCH_BASE64_PDF_MB ?? 25) * 1024 * 1024,
  listRequests: Number(env.BENCH_LIST_REQUESTS ?? (QUICK ? 50 : 200)),
  maxMinutes: Number(env.BENCH_MAX_MINUTES ?? 9.5),
  /** BENCH_ONLY=1,4: run only those measurements. */
  only: new Set((env.BENCH_ONLY ?? '1,2,3,4').split(',').map((x) => x.trim())),
};

const SECRET = 'bench-hmac-secret-7f3a9c';
const API_KEYS = BENCH_CLIENTS.map((client) => `${client}:${client}-key-0001`);
const KEY_A = 'bench-a-key-0001';

interface ServiceReady {
  port: number;
  pid: number;
}

interface ServiceEvent {
  type: 'event';
  name: string;
  processId: string;
  at: number;
}

interface Row {
  id: string;
  what: string;
  ours: string;
  baseline: string;
  ratio: string;
}

const rows: Row[] = [];
const notes: string[] = [];
const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'arqsign-bench-'));
  chmodSync(work, 0o755); // PostgreSQL runs as the postgres user when we are root
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse().splice(0)) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
    rmSync(work, { recursive: true, force: true });
  };
  const watchdog = setTimeout(() => {
    log(`watchdog: still running after ${SETTINGS.maxMinutes} min; stopping`);
    printTable(started);
    void cleanup().finally(() => process.exit(2));
  }, SETTINGS.maxMinutes * 60_000);
  watchdog.unref();

  const startLoad = loadavg()[0];
  try {
    log(`work dir ${work}; load average ${startLoad.toFixed(2)} on ${machineInfo().cores} cores`);
    const pgPort = await freePort();
    const pg = await EmbeddedPostgres.start({ dataDir: join(work, 'pg'), port: pgPort, database: 'arqsign_bench', log: () => undefined, warn: log });
    cleanups.push(() => pg.stop());
    await assertDurable(pg.url);

    const sim = await startArqsignSimulator({ port: 0 });
    cleanups.push(() => sim.close());

    const servicePort = await freePort();
    const service = await startChild<ServiceReady>(
      join(__dirname, 'service-process.ts'),
      {
        PORT: String(servicePort),
        DATABASE_URL: pg.url,
        DATA_DIR: join(work, 'data'),
        LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'warn',
        API_KEYS: API_KEYS.join(','),
        ADMIN_CLIENTS: 'bench-a', // provisioning below uses KEY_A
        ARQSIGN_BASE_URL: sim.url,
        ARQSIGN_APP_KEY: sim.account.appKey,
        ARQSIGN_SUBSCRIPTION_KEY: sim.account.subscriptionKeys[0],
        ARQSIGN_ACCOUNT_ID: sim.account.accountId,
        ARQSIGN_RESPONSIBLE_ID: sim.account.responsibleId,
        ARQSIGN_FOLDER_ID: sim.account.folderId,
        ARQSIGN_WEBHOOK_SECRETS: SECRET,
        PUBLIC_BASE_URL: `http://127.0.0.1:${servicePort}`,
        DOWNLOAD_ALLOWED_HOSTS: new URL(sim.url).host,
        RECONCILE_INTERVAL_S: '86400', // keep the reconciliation job out of the measurements
        NODE_ENV: 'production',
      },
      join(work, 'service.log'),
      // BENCH_PROFILE_DIR: a V8 CPU profile of the service (open it in Chrome DevTools).
      { execArgv: env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE_DIR}`] : [] },
    );
    cleanups.push(() => service.stop());
    const events: ServiceEvent[] = [];
    service.child.on('message', (message: ServiceEvent) => {
      if (message?.type === 'event') events.push(message);
    });
    const base = `http://127.0.0.1:${servicePort}`;
    log(`service up on ${base} (pid ${service.ready.pid}), simulator ${sim.url}`);

    const provisioned = await api<{ configurations: { kind: string; arqsignId: string }[] }>(base, 'POST', '/v1/admin/arqsign/webhooks/provision');
    const trackingId = provisioned.configurations.find((c) => c.kind === 'tracking')?.arqsignId ?? '00000000-0000-4000-8000-000000000000';
    const conclusionId = provisioned.configurations.find((c) => c.kind === 'conclusion')?.arqsignId ?? '00000000-0000-4000-8000-000000000000';

    let receiverReady = true;
    if (SETTINGS.only.has('1')) {
      const baseline = await startChild<ServiceReady>(join(__dirname, 'baseline-server.ts'), { DATABASE_URL: pg.url, BASELINE_SECRET: SECRET }, join(work, 'baseline.log'));
      cleanups.push(() => baseline.stop());
      receiverReady = await benchAck({ pgUrl: pg.url, ours: `${base}/webhooks/arqsign`, baseline: `http://127.0.0.1:${baseline.ready.port}/webhooks/arqsign`, accountId: sim.account.accountId, webhookId: trackingId, servers: { ours: service, baseline } });
      await baseline.stop();
    }
    if (!receiverReady) notes.push('2, 3: skipped: they need the webhook receiver');
    if (receiverReady && SETTINGS.only.has('2')) await benchLinks({ base, sim, events });
    if (receiverReady && SETTINGS.only.has('3')) await benchBase64({ base, sim, events, service, conclusionId });
    if (SETTINGS.only.has('4')) await benchList({ base, pgUrl: pg.url });
  } catch (error) {
    log(`FAILED: ${(error as Error).stack ?? String(error)}`);
    notes.push(`run failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    notes.push(`load average (1 min) of the machine: ${startLoad.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (${machineInfo().cores} cores; above ~0.5 at the start, something else was running and the figures are pessimistic)`);
    printTable(started);
    await cleanup();
  }
}

/** The acknowledgement figures mean something only with durable commits: check, and note the settings. */
async function assertDurable(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows: settings } = await db.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'server_version')",
    );
    const s = Object.fromEntries(settings.map((r) => [r.name, r.setting]));
    if (s.fsync !== 'on' || s.synchronous_commit !== 'on') throw new Error(`PostgreSQL is not durable (fsync=${s.fsync}, synchronous_commit=${s.synchronous_commit})`);
    notes.push(`PostgreSQL ${s.server_version} (the service's embedded one, default settings: fsync=${s.fsync}, synchronous_commit=${s.synchronous_commit}, full_page_writes=${s.full_page_writes}, shared_buffers=${Number(s.shared_buffers) * 8 / 1024} MiB), data under ${tmpdir()}`);
  } finally {
    await db.end();
  }
}

async function api<T>(base: string, method: string, path: string, body?: unknown, key = KEY_A): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function simCall<T>(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<T> {
  const arqsignApi = path.startsWith('/api/');
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(arqsignApi ? { AppKey: sim.account.appKey, SubscriptionKey: sim.account.subscriptionKeys[0] } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Transactions committed or rolled back in the bench database so far (pg_stat_database). */
async function committedTransactions(pgUrl: string): Promise<number> {
  const db = new Client({ connectionString: pgUrl });
  await db.connect();
  try {
    await db.query('SELECT pg_stat_clear_snapshot()');
    const { rows: found } = await db.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()');
    return Number(found[0].n);
  } finally {
    await db.end();
  }
}

async function checkpoint(pgUrl: string): Promise<void> {
  const db = new Client({ connectionString: pgUrl });
  await db.connect();
  await db.query('CHECKPOINT').finally(() => db.end());
}

// ------------------------------------------------------------------------------------------
// 1. Webhook acknowledgement

async function benchAck(options: {
  pgUrl: string;
  ours: string;
  baseline: string;
  accountId: string;
  webhookId: string;
  servers: Record<'ours' | 'baseline', ChildHandle<ServiceReady>>;
}): Promise<boolean> {
  const context = { accountId: options.accountId, webhookId: options.webhookId };
  const target = (url: string) => ({ url, next: (sequence: number) => signedRequest(trackingDelivery(context, sequence), SECRET) });

  const probe = async (url: string) => {
    const { body, headers } = signedRequest(trackingDelivery(context, -1), SECRET);
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    return response.status;
  };
  const oursStatus = await probe(options.ours);
  const baselineStatus = await probe(options.baseline);
  if (baselineStatus !== 200) throw new Error(`the baseline answered ${baselineStatus} to a signed delivery`);
  const oursReady = oursStatus === 200;
  if (!oursReady) notes.push(`1: POST /webhooks/arqsign answered ${oursStatus} to a correctly signed delivery: the receiver is not in place yet, so only the baseline was measured`);

  const duration = SETTINGS.ackSeconds * 1000;
  const warmup = SETTINGS.ackWarmupSeconds * 1000;
  const results: Record<string, { ours?: LoadResult; baseline?: LoadResult }> = { saturation: {}, fixed: {} };
  // CPU of the server process per request answered, the background work it caused included
  // (measured until the inbox backlog is worked off): robust to other load on the machine.
  const cpu: { ours?: number; baseline?: number } = {};
  const transactions: { ours?: number; baseline?: number } = {};
  for (const who of ['baseline', 'ours'] as const) {
    if (who === 'ours' && !oursReady) continue;
    const url = who === 'ours' ? options.ours : options.baseline;
    await checkpoint(options.pgUrl);
    log(`1. ack at saturation (${SETTINGS.connections} connections, ${SETTINGS.ackSeconds} s): ${who}`);
    const cpuBefore = options.servers[who].cpuMs();
    const transactionsBefore = await committedTransactions(options.pgUrl);
    results.saturation[who] = await saturate(target(url), { connections: SETTINGS.connections, durationMs: duration, warmupMs: warmup });
    await quiet(options.pgUrl);
    const answered = Math.max(1, results.saturation[who]!.total);
    cpu[who] = (options.servers[who].cpuMs() - cpuBefore) / answered;
    transactions[who] = ((await committedTransactions(options.pgUrl)) - transactionsBefore) / answered;
    await checkpoint(options.pgUrl);
    log(`1. ack at ${SETTINGS.fixedRate} req/s (${SETTINGS.ackSeconds} s): ${who}`);
    results.fixed[who] = await fixedRate(target(url), { ratePerSecond: SETTINGS.fixedRate, durationMs: duration, warmupMs: warmup });
    await quiet(options.pgUrl);
  }

  const sat = results.saturation;
  const fix = results.fixed;
  const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined && b > 0 ? (a / b).toFixed(2) : 'n/a');
  const rps = (r?: LoadResult) => (r ? `${Math.round(r.throughput).toLocaleString('en-US')} req/s` : 'n/a');
  const lat = (r?: LoadResult) => (r ? `${formatMs(r.p50)} / ${formatMs(r.p99)}` : 'n/a');
  const errs = (r?: LoadResult) => (r && r.errors ? ` (${r.errors} non-200: ${JSON.stringify(r.statuses)})` : '');
  rows.push(
    { id: '1a', what: `webhook ack, tracking deliveries, saturation (${SETTINGS.connections} keep-alive conns, ${SETTINGS.ackSeconds} s): throughput`, ours: rps(sat.ours) + errs(sat.ours), baseline: rps(sat.baseline) + errs(sat.baseline), ratio: ratio(sat.ours?.throughput, sat.baseline?.throughput) },
    { id: '1a', what: '… latency p50 / p99 at saturation', ours: lat(sat.ours), baseline: lat(sat.baseline), ratio: `${ratio(sat.ours?.p50, sat.baseline?.p50)} / ${ratio(sat.ours?.p99, sat.baseline?.p99)}` },
    { id: '1b', what: `webhook ack at a fixed ${SETTINGS.fixedRate} req/s (${SETTINGS.ackSeconds} s): latency p50 / p99`, ours: lat(fix.ours) + errs(fix.ours), baseline: lat(fix.baseline) + errs(fix.baseline), ratio: `${ratio(fix.ours?.p50, fix.baseline?.p50)} / ${ratio(fix.ours?.p99, fix.baseline?.p99)}` },
  );
  rows.push({
    id: '1c',
    what: 'server process CPU per acknowledged delivery (at saturation, background processing included)',
    ours: cpu.ours !== undefined ? formatMs(cpu.ours) : 'n/a',
    baseline: cpu.baseline !== undefined ? formatMs(cpu.baseline) : 'n/a',
    ratio: ratio(cpu.ours, cpu.baseline),
  });
  rows.push({
    id: '1c',
    what: '… PostgreSQL transactions per acknowledged delivery (same window; job polling included)',
    ours: transactions.ours !== undefined ? transactions.ours.toFixed(1) : 'n/a',
    baseline: transactions.baseline !== undefined ? transactions.baseline.toFixed(1) : 'n/a',
    ratio: ratio(transactions.ours, transactions.baseline),
  });
  return oursReady;
}

/**
 * Waits until the service has worked off what a load phase left behind (inbox rows processed by
 * jobs), so one phase does not slow the next down. Bounded: 90 s at most.
 */
async function quiet(pgUrl: string): Promise<void> {
  const db = new Client({ connectionString: pgUrl });
  await db.connect();
  try {
    const deadline = Date.now() + 90_000;
    const backlogQuery = await inboxBacklogQuery(db);
    if (!backlogQuery) return;
    let backlog = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline) {
      backlog = Number((await db.query<{ n: string }>(backlogQuery)).rows[0].n);
      if (backlog === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    notes.push(`a load phase left ${backlog} deliveries unprocessed after 90 s`);
  } finally {
    await db.end();
  }
}

/** The service's inbox backlog, as the receiver's tables define it (none yet → nothing to wait for). */
async function inboxBacklogQuery(db: Client): Promise<string | null> {
  const { rows: found } = await db.query<{ name: string }>("SELECT to_regclass('signing.webhook_delivery')::text AS name");
  if (!found[0].name) return null;
  return "SELECT count(*) AS n FROM signing.webhook_delivery WHERE state = 'RECEIVED'";
}

// ------------------------------------------------------------------------------------------
// 2. Conclusion by links

async function waitForEvent(events: ServiceEvent[], processId: string, names: string[], timeoutMs: number): Promise<ServiceEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = events.find((e) => e.processId === processId && names.includes(e.name));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no ${names.join('/')} for process ${processId} within ${timeoutMs} ms`);
}

interface CreatedProcess {
  id: string;
  arqsignProcessId: string;
  status: string;
}

async function createProcess(base: string, name: string, pdfs: Buffer[]): Promise<CreatedProcess> {
  const created = await api<CreatedProcess>(base, 'POST', '/v1/processes', {
    name,
    externalId: name,
    documents: pdfs.map((pdf, i) => ({ fileName: `documento-${i + 1}.pdf`, contentBase64: pdf.toString('base64') })),
    signers: [{ name: 'Maria Silva', email: 'maria@example.com' }],
    settings: { expirationDays: 30 },
  });
  if (created.status !== 'IN_PROGRESS') throw new Error(`process ${name} is ${created.status}, not IN_PROGRESS`);
  return created;
}

async function benchLinks(options: { base: string; sim: RunningSimulator; events: ServiceEvent[] }): Promise<void> {
  const pdfs = await Promise.all([bigPdf(SETTINGS.linkPdfBytes, 'Contrato'), bigPdf(SETTINGS.linkPdfBytes, 'Anexo')]);
  const label = `${formatBytes(pdfs[0].length)} + ${formatBytes(pdfs[1].length)}`;
  const latencies: number[] = [];
  const failures: string[] = [];
  log(`2. conclusion by links, 2 PDFs (${label}), ${SETTINGS.linkSamples} processes, one at a time`);
  for (let i = 0; i < SETTINGS.linkSamples + 1; i++) {
    const created = await createProcess(options.base, `bench-links-${i}`, pdfs);
    await simCall(options.sim, 'POST', `/__sim/processes/${created.arqsignProcessId}/actions`, { action: 'sign' });
    let outcome: ServiceEvent;
    try {
      outcome = await waitForEvent(options.events, created.id, ['signing.files.stored', 'signing.files.store-failed'], 60_000);
    } catch (error) {
      failures.push((error as Error).message);
      if (failures.length >= 2) break;
      continue;
    }
    if (outcome.name !== 'signing.files.stored') {
      failures.push(`process ${created.id}: ${outcome.name}`);
      continue;
    }
    const deliveries = await simCall<{ trigger: number; attempt: number; realTime: number }[]>(options.sim, 'GET', `/__sim/deliveries?processId=${created.arqsignProcessId}&trigger=8`);
    const first = deliveries.filter((d) => d.attempt === 1).sort((a, b) => a.realTime - b.realTime)[0];
    if (!first) {
      failures.push(`process ${created.id}: STORED without a conclusion delivery`);
      continue;
    }
    if (i > 0) latencies.push(outcome.at - first.realTime); // the first one warms up the path
  }
  if (failures.length) notes.push(`2: ${failures.length} conclusion(s) did not reach STORED: ${failures.slice(0, 3).join('; ')}`);
  rows.push({
    id: '2',
    what: `conclusion by links, 2 × ${formatBytes(SETTINGS.linkPdfBytes)} PDFs: webhook in → archive STORED, p50 / p95 (n=${latencies.length})`,
    ours: latencies.length ? `${formatMs(percentile(latencies, 50))} / ${formatMs(percentile(latencies, 95))}` : 'n/a',
    baseline: '—',
    ratio: '—',
  });
}

// ------------------------------------------------------------------------------------------
// 3. Base64 conclusion, 50 MB of PDFs

async function benchBase64(options: { base: string; sim: RunningSimulator; events: ServiceEvent[]; service: ChildHandle<ServiceReady>; conclusionId: string }): Promise<void> {
  const { sim } = options;
  const pdfs = await Promise.all([bigPdf(SETTINGS.base64PdfBytes, 'Contrato grande'), bigPdf(SETTINGS.base64PdfBytes, 'Anexo grande')]);
  const totalPdf = pdfs[0].length + pdfs[1].length;
  log(`3. Base64 conclusion, 2 PDFs (${formatBytes(totalPdf)} in all)`);

  // A capture listener gets the simulator's own Base64 conclusion payload (a third configuration);
  // the service's link conclusion configuration is off meanwhile, so only ours reaches the service.
  const { createServer } = await import('node:http');
  let captured: Buffer | undefined;
  const capture = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured = Buffer.concat(chunks);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  const capturePort = (capture.address() as { port: number }).port;
  try {
    const captureConfig = await simCall<{ id: string }>(sim, 'POST', '/api/v1/confwebhook', {
      nome: 'bench base64 capture',
      status: 1,
      urlPublicar: `http://127.0.0.1:${capturePort}/capture`,
      aguardarRetorno: true,
      gatilhos: [8],
      dadosRetorno: { processo: true, signatarios: true, documentos: true, documentosTipo: 1, linkDocCompartilhado: true, registrosAssinatura: true, registrosAssinaturaTipo: 1 },
    });
    await simCall(sim, 'PATCH', `/api/v1/confwebhook/${options.conclusionId}/alterar-status`, { status: 2 });
    const created = await createProcess(options.base, 'bench-base64', pdfs);
    await simCall(sim, 'POST', `/__sim/processes/${created.arqsignProcessId}/actions`, { action: 'sign' });
    const deadline = Date.now() + 120_000;
    while (!captured && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await simCall(sim, 'PATCH', `/api/v1/confwebhook/${captureConfig.id}/alterar-status`, { status: 2 });
    await simCall(sim, 'PATCH', `/api/v1/confwebhook/${options.conclusionId}/alterar-status`, { status: 1 });
    if (!captured) throw new Error('the simulator sent no Base64 conclusion');

    // As if the service's own conclusion configuration had sent it.
    const payload = JSON.parse(captured.toString('utf8')) as Record<string, unknown>;
    payload.IdWebhook = options.conclusionId;
    const request = signedRequest(payload, SECRET);
    captured = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the trigger-3 delivery settle first
    const before = options.service.rss();
    options.service.resetPeakRss();
    const sentAt = Date.now();
    const response = await fetch(`${options.base}/webhooks/arqsign`, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(120_000) });
    await response.arrayBuffer();
    const ackMs = Date.now() - sentAt;
    if (response.status !== 200) {
      notes.push(`3: POST /webhooks/arqsign answered ${response.status} to the ${formatBytes(request.body.length)} Base64 conclusion`);
      rows.push({ id: '3', what: `Base64 conclusion, ${formatBytes(totalPdf)} of PDFs (${formatBytes(request.body.length)} body): time to STORED / peak RSS increase`, ours: 'n/a', baseline: '—', ratio: '—' });
      return;
    }
    const outcome = await waitForEvent(options.events, created.id, ['signing.files.stored', 'signing.files.store-failed'], 120_000);
    const after = options.service.rss();
    if (outcome.name !== 'signing.files.stored') notes.push(`3: the Base64 conclusion ended in ${outcome.name}`);
    rows.push({
      id: '3',
      what: `Base64 conclusion, ${formatBytes(totalPdf)} of PDFs (${formatBytes(request.body.length)} body): ack / time to STORED / peak RSS increase`,
      ours: `${formatMs(ackMs)} / ${formatMs(outcome.at - sentAt)} / +${formatBytes(after.peak - before.rss)} (peak ${formatBytes(after.peak)})`,
      baseline: '—',
      ratio: '—',
    });
  } finally {
    capture.closeAllConnections();
    capture.close();
  }
}

// ------------------------------------------------------------------------------------------
// 4. Filtered list with 1,000,000 processes

async function benchList(options: { base: string; pgUrl: string }): Promise<void> {
  log(`4. seeding ${SETTINGS.processes.toLocaleString('en-US')} processes`);
  const seedMs = await seedProcesses(options.pgUrl, SETTINGS.processes);
  notes.push(`4: seeded ${SETTINGS.processes.toLocaleString('en-US')} processes (+1 signer, +1 document each; 3 clients, 8 statuses, created over 365 days) in ${formatMs(seedMs)}`);
  // What a client's screens ask for: a status and a 30-day window; open processes are the recent ones.
  const filters: { status: string; window: () => [Date, Date] }[] = [
    { status: 'COMPLETED', window: () => monthEndingDaysAgo(random() * 330) },
    { status: 'COMPLETED', window: () => monthEndingDaysAgo(random() * 330) },
    { status: 'IN_PROGRESS', window: () => monthEndingDaysAgo(0) },
    { status: 'CANCELLED,REFUSED', window: () => monthEndingDaysAgo(random() * 330) },
    { status: 'EXPIRED', window: () => monthEndingDaysAgo(30 + random() * 300) },
  ];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const monthEndingDaysAgo = (days: number): [Date, Date] => {
    const to = new Date(Date.now() - days * 86_400_000);
    return [new Date(to.getTime() - 30 * 86_400_000), to];
  };
  let empty = 0;
  const page = async () => {
    const filter = filters[Math.floor(random() * filters.length)];
    const [from, to] = filter.window();
    const query = `status=${filter.status}&createdFrom=${from.toISOString()}&createdTo=${to.toISOString()}&limit=50`;
    const startedAt = performance.now();
    const body = await api<{ items: unknown[] }>(options.base, 'GET', `/v1/processes?${query}`);
    const ms = performance.now() - startedAt;
    if (!Array.isArray(body.items)) throw new Error(`no page for ${query}`);
    if (body.items.length < 50) empty++;
    return ms;
  };
  for (let i = 0; i < 20; i++) await page(); // warm-up
  const latencies: number[] = [];
  log(`4. ${SETTINGS.listRequests} filtered pages, one at a time`);
  empty = 0;
  for (let i = 0; i < SETTINGS.listRequests; i++) latencies.push(await page());
  if (empty) notes.push(`4: ${empty} of ${SETTINGS.listRequests} pages had fewer than 50 processes`);
  const due = await dueQueryLatency(options.pgUrl);
  rows.push({
    id: '4',
    what: `GET /v1/processes, filtered (client + status + 30-day createdFrom/To, limit 50), ${SETTINGS.processes.toLocaleString('en-US')} processes: p50 / p95 (n=${latencies.length})`,
    ours: `${formatMs(percentile(latencies, 50))} / ${formatMs(percentile(latencies, 95))}`,
    baseline: '—',
    ratio: '—',
  });
  rows.push({ id: '4b', what: `reconciliation: the query choosing the due processes (${due.open.toLocaleString('en-US')} open of ${SETTINGS.processes.toLocaleString('en-US')}), median of 5`, ours: formatMs(due.ms), baseline: '—', ratio: '—' });
}

/** How long reconciliation's "which processes are due" query takes on the seeded table. */
async function dueQueryLatency(pgUrl: string): Promise<{ ms: number; open: number }> {
  const db = new Client({ connectionString: pgUrl });
  await db.connect();
  try {
    const { rows: open } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM signing.signing_process WHERE status IN ('IN_PROGRESS', 'EXPIRED', 'SENDING')");
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const startedAt = performance.now();
      await db.query(FIND_DUE_SQL, [21_600, 3_600, 50]);
      times.push(performance.now() - startedAt);
    }
    return { ms: percentile(times, 50), open: open[0].n };
  } finally {
    await db.end();
  }
}

// ------------------------------------------------------------------------------------------

let printed = false;
function printTable(started: number): void {
  if (printed) return;
  printed = true;
  const m = machineInfo();
  const lines = [
    '',
    `arqsign-bridge benchmark, ${new Date().toISOString().slice(0, 10)}: ${m.cores} × ${m.cpu}, ${m.memory} RAM, Node ${m.node}, ${m.platform}; ran in ${formatMs(Date.now() - started)}`,
    '',
    '| # | measurement | arqsign-bridge | raw baseline | ours / baseline |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${r.what} | ${r.ours} | ${r.baseline} | ${r.ratio} |`),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (env.BENCH_RESULT_FILE) writeFileSync(env.BENCH_RESULT_FILE, lines.join('\n'));
}

void main();
