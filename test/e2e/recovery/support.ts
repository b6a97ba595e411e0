import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { RunningSimulator } from '../../../src/sandbox';
import { freePort } from '../../support/free-port';
import { makePdf, simulatorControl } from '../signing-processes/support';
export { eventually } from '../../support/eventually';

export const MAIN = resolve(__dirname, '../../../dist/src/main.js');
export const KEY = 'recovery-key';

/** The compiled service (`npm start`) as a child process, in live mode against a simulator the test owns. */
export interface ServiceProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  env: NodeJS.ProcessEnv;
  output(): string;
  /** ms from spawn to ready. */
  readyMs: number;
  /** When it became ready (Date.now()). */
  readyAt: number;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Environment of one instance: its own port and DATA_DIR, the shared database, ArqSIGN = the
 * test's simulator (so the simulator, its processes and its download links survive a SIGKILL
 * of the service). Faster timings than production where a test would otherwise wait for them.
 */
export async function instanceEnv(databaseUrl: string, simulator: RunningSimulator, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const port = await freePort();
  const { PATH, HOME } = process.env;
  return {
    PATH,
    HOME,
    PORT: String(port),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'arqsign-bridge-recovery-')),
    DATABASE_URL: databaseUrl,
    ARQSIGN_BASE_URL: simulator.url,
    ARQSIGN_APP_KEY: simulator.account.appKey,
    ARQSIGN_SUBSCRIPTION_KEY: simulator.account.subscriptionKeys[0],
    ARQSIGN_RESPONSIBLE_ID: simulator.account.responsibleId,
    ARQSIGN_FOLDER_ID: simulator.account.folderId,
    ARQSIGN_ACCOUNT_ID: simulator.account.accountId,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    API_KEYS: `recovery:${KEY}`,
    ARQSIGN_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export async function startInstance(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ServiceProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: npm test builds it first (npm run build)`);
  const begin = Date.now();
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${env.PORT}`;
  const exited = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  while (Date.now() - begin < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
    const ready = output.includes('arqsign-bridge ready on') && (await fetch(`${url}/health/ready`).then((r) => r.status === 200, () => false));
    if (ready) {
      const readyAt = Date.now();
      return {
        child,
        url,
        env,
        output: () => output,
        readyMs: readyAt - begin,
        readyAt,
        async kill() {
          child.kill('SIGKILL');
          await exited();
        },
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await exited();
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`not ready within ${timeoutMs} ms:\n${output}`);
}

export async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** `n` processes with one signer each, created (and sent to the simulator) through our API. */
export async function createProcesses(base: string, n: number): Promise<{ id: string; arqsignProcessId: string; email: string }[]> {
  const pdf = (await makePdf('Contrato')).toString('base64');
  const created = [];
  for (let i = 0; i < n; i++) {
    const email = `signer${i}.${Math.random().toString(36).slice(2, 8)}@example.com`;
    const response = await call(base, 'POST', '/v1/processes', {
      name: `Contrato ${i}`,
      documents: [{ fileName: 'contrato.pdf', contentBase64: pdf }],
      signers: [{ name: `Signatário ${i}`, email }],
    });
    if (response.status !== 201) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
    created.push({ id: response.body.id as string, arqsignProcessId: response.body.arqsignProcessId as string, email });
  }
  return created;
}

export { simulatorControl };

/** Holds the webhook lock of these ArqSIGN processes (the lock the inbox claim tries), so their deliveries stay unprocessed. */
export async function holdProcessLocks(databaseUrl: string, arqsignProcessIds: string[]): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined); // ended by the test, or by the database being dropped
  await client.connect();
  for (const id of arqsignProcessIds) await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`arqsign-webhook:${id.toLowerCase()}`]);
  return { release: () => client.end() };
}

export async function query<T = any>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Active jobs per queue, by instance tag. */
export async function activeJobs(databaseUrl: string): Promise<{ queue: string; instance: string | null; n: number }[]> {
  return query(databaseUrl, "SELECT name AS queue, output->>'instance' AS instance, count(*)::int AS n FROM pgboss.job WHERE state = 'active' GROUP BY 1, 2");
}
