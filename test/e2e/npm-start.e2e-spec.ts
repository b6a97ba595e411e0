import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port';

const MAIN = resolve(__dirname, '../../dist/src/main.js');
/** The Node binary the service runs on: the machine's, or another line's (scripts/node-lines.sh sets HOST_NODE). */
const NODE = process.env.HOST_NODE ?? process.execPath;

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  readyMs: number;
}

/** Pids of postgres processes serving the given data directory. */
function postgresServing(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes('postgres') && cmdline.includes(dataDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * The real `npm start` path: the compiled service as a child process with no DATABASE_URL and no
 * ARQSIGN_BASE_URL (embedded PostgreSQL + sandbox simulator), driven over HTTP and by signals.
 */
describe('npm start (compiled service as a process, embedded PostgreSQL, sandbox)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: npm test builds it first (npm run build)`);
    dataDir = mkdtempSync(join(tmpdir(), 'arqsign-bridge-start-'));
    chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
    port = await freePort();
    const { PATH, HOME } = process.env;
    env = { PATH, HOME, PORT: String(port), SANDBOX_PORT: String(await freePort()), EMBEDDED_POSTGRES_PORT: String(await freePort()), DATA_DIR: dataDir };
  });

  afterAll(() => {
    if (!dataDir) return;
    for (const pid of postgresServing(join(dataDir, 'postgres'))) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
    const begin = Date.now();
    const child = spawn(NODE, [MAIN], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (Date.now() - begin < 30_000) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
      // Ready: /health/ready answers 200 and the service has logged that it is ready.
      const ready = output.includes('arqsign-bridge ready on') && (await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status === 200, () => false));
      if (ready) return { child, output: () => output, readyMs: Date.now() - begin };
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`not ready within 30 s:\n${output}`);
  }

  function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
    return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
  }

  let firstReadyMs = 0;

  it('is ready within 30 s on a fresh DATA_DIR, logs the URLs and the sandbox key, and leaves no postgres behind on SIGTERM', async () => {
    const { child, output, readyMs } = await start();
    firstReadyMs = readyMs;
    process.stdout.write(`first start ready in ${readyMs} ms\n`);
    expect(readyMs).toBeLessThan(30_000);
    expect(output()).toContain('Initialising the embedded PostgreSQL');
    expect(output()).toContain(`http://localhost:${port}/docs`);
    expect(output()).toContain('"sandboxApiKey":"sandbox-key"');
    expect(output()).toContain(`"console":"http://localhost:${port}/console"`);
    expect(postgresServing(join(dataDir, 'postgres'))).not.toHaveLength(0);

    const whoami = await fetch(`http://127.0.0.1:${port}/v1/whoami`, { headers: { 'X-Api-Key': 'sandbox-key' } });
    expect(await whoami.json()).toEqual({ clientName: 'sandbox', admin: true, sandbox: true });

    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(output()).toContain('Shut down cleanly');
    expect(postgresServing(join(dataDir, 'postgres'))).toEqual([]);
  });

  it('reuses the data on a second start and is ready faster', async () => {
    const { child, output, readyMs } = await start();
    expect(output()).not.toContain('Initialising the embedded PostgreSQL');
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(postgresServing(join(dataDir, 'postgres'))).toEqual([]);
    process.stdout.write(`second start ready in ${readyMs} ms\n`);
    expect(readyMs).toBeLessThan(firstReadyMs);
  });

  it('piped, prints JSON lines; in the pretty format (a terminal), a short readable start and a framed banner', async () => {
    const piped = await start();
    const jsonLines = piped.output().trim().split('\n');
    expect(jsonLines.every((line) => line.startsWith('{') && JSON.parse(line))).toBe(true);
    expect(jsonLines.filter((line) => JSON.parse(line).banner === true)).toHaveLength(1);
    expect(piped.output()).not.toContain('Mapped {'); // Nest's route mapping is at debug
    piped.child.kill('SIGTERM');
    expect(await exitOf(piped.child)).toBe(0);

    // What a terminal gets (LOG_FORMAT forces it here, as stdout is a pipe in the test).
    const pretty = await start({ LOG_FORMAT: 'pretty' });
    const lines = pretty.output().split('\n');
    const banner = lines.findIndex((line) => line.includes('╔'));
    expect(banner).toBeGreaterThan(0);
    process.stdout.write(`pretty start: ${banner} lines before the banner\n${lines.slice(0, banner + 12).join('\n')}\n`);
    expect(banner).toBeLessThan(15);
    expect(lines.slice(0, banner).some((line) => line.startsWith('{'))).toBe(false);
    expect(pretty.output()).toMatch(/Console +http:\/\/localhost:\d+\/console/);
    pretty.child.kill('SIGTERM');
    expect(await exitOf(pretty.child)).toBe(0);
  });

  it('recovers the PostgreSQL left running by a killed (SIGKILL) run', async () => {
    const killed = await start();
    killed.child.kill('SIGKILL');
    await exitOf(killed.child);
    const orphans = postgresServing(join(dataDir, 'postgres'));
    expect(orphans).not.toHaveLength(0);

    const { child, output } = await start();
    expect(output()).toContain('left running by an earlier run');
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(postgresServing(join(dataDir, 'postgres'))).toEqual([]);
  });

  it('a second instance on the same DATA_DIR exits non-zero naming DATA_DIR and the holder pid; the first stays ready', async () => {
    const first = await start();
    const second = spawn(NODE, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    second.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    second.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((r) => second.once('exit', r));
    expect(code).not.toBe(0);
    expect(output).toContain(`DATA_DIR ${dataDir} is in use by another arqsign-bridge instance (pid ${first.child.pid})`);

    // The first instance and its PostgreSQL are untouched.
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    const whoami = await fetch(`http://127.0.0.1:${port}/v1/whoami`, { headers: { 'X-Api-Key': 'sandbox-key' } });
    expect(whoami.status).toBe(200);
    expect(first.output()).not.toContain('terminating connection');
    first.child.kill('SIGTERM');
    expect(await exitOf(first.child)).toBe(0);
  });

  it('refuses to start with a message naming the bad variable', async () => {
    const child = spawn(NODE, [MAIN], { env: { ...env, ARQSIGN_BASE_URL: 'https://api.example', API_KEYS: 'a:b' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(output).toContain('ARQSIGN_APP_KEY: is required when ARQSIGN_BASE_URL is set');
  });
});
