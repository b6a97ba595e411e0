import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.server';
import { startArqsignSimulator } from '../src/sandbox';
import { freePort } from '../test/support/free-port';
import { startChild } from './lib/children';

/**
 * `npm run bench:hostile`: the service as a child process (started as `npm start` starts it)
 * receives N parallel unauthenticated posts of SIZE_MB to `/v1/processes` and N parallel unsigned
 * posts of SIZE_MB to `/webhooks/arqsign`, all at once, while `/health/live` is polled every
 * 50 ms. Prints the service's peak RSS and the slowest `/health/live` (docs/hostile-input.md).
 * Loopback only. HOSTILE_PARALLEL (default 8) and HOSTILE_SIZE_MB (default 140) tune it.
 */
const PARALLEL = Number(process.env.HOSTILE_PARALLEL ?? 8);
const SIZE = Number(process.env.HOSTILE_SIZE_MB ?? 140) * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 0x61);
/** Well-formed (32 bytes of Base64), so the service really hashes the body with every secret. */
const WELL_FORMED_WRONG_HMAC = `${'A'.repeat(43)}=`;

interface Ready {
  port: number;
}

function post(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    let status = 0;
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, 'content-length': String(SIZE) } }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve(status));
    });
    req.on('error', () => resolve(status || -1)); // the server may close once it answered
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        const piece = sent + CHUNK.length <= SIZE ? CHUNK : CHUNK.subarray(0, SIZE - sent);
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** `/health/live` polled from its own process: the load generator's busy loop is not measured. */
function startProbe(port: number): { stop(): Promise<number[]> } {
  const child = fork(join(__dirname, 'lib', 'live-probe.js'), [], { execArgv: [], env: { ...process.env, PROBE_PORT: String(port) } });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('message', (latencies) => resolve(latencies as number[]));
        child.send('stop');
      }),
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'arqsign-hostile-'));
  chmodSync(work, 0o755); // the embedded PostgreSQL runs as another user
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const pg = await EmbeddedPostgres.start({ dataDir: join(work, 'pg'), port: await freePort(), database: 'arqsign_bench', log: () => undefined, warn: console.warn });
    cleanups.push(() => pg.stop());
    const sim = await startArqsignSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const port = await freePort();
    const service = await startChild<Ready>(
      join(__dirname, 'service-process.ts'),
      {
        PORT: String(port),
        DATABASE_URL: pg.url,
        DATA_DIR: join(work, 'data'),
        LOG_LEVEL: 'warn',
        API_KEYS: 'erp:hostile-bench-key-0001',
        ARQSIGN_BASE_URL: sim.url,
        ARQSIGN_APP_KEY: sim.account.appKey,
        ARQSIGN_SUBSCRIPTION_KEY: sim.account.subscriptionKeys[0],
        ARQSIGN_WEBHOOK_SECRETS: 'hostile-bench-secret',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        NODE_ENV: 'production',
      },
      join(work, 'service.log'),
    );
    cleanups.push(() => service.stop());
    const idle = service.rss().rss;
    service.resetPeakRss();

    const probe = startProbe(port);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a few idle samples first
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, service.rss().rss)), 20);

    const started = Date.now();
    const statuses = await Promise.all([
      ...Array.from({ length: PARALLEL }, () => post(port, '/v1/processes', { 'content-type': 'application/json' })),
      ...Array.from({ length: PARALLEL }, () => post(port, '/webhooks/arqsign', { 'content-type': 'application/json', hmac: WELL_FORMED_WRONG_HMAC })),
    ]);
    const seconds = (Date.now() - started) / 1000;
    const latencies = await probe.stop();
    clearInterval(sampler);
    const counts = statuses.reduce<Record<string, number>>((all, status) => ({ ...all, [status]: (all[status] ?? 0) + 1 }), {});
    const sorted = [...latencies].sort((a, b) => a - b);
    const result = {
      parallelPerRoute: PARALLEL,
      sizeMb: SIZE / 1024 / 1024,
      seconds,
      statuses: counts,
      rssIdleMb: Math.round(idle / 1024 / 1024),
      rssPeakSampledMb: Math.round(peak / 1024 / 1024),
      rssPeakVmHwmMb: Math.round(service.rss().peak / 1024 / 1024),
      healthLiveMs: { samples: sorted.length, failed: sorted.filter((ms) => ms < 0).length, p50: sorted[Math.floor(sorted.length / 2)]?.toFixed(1), max: sorted[sorted.length - 1]?.toFixed(1) },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
