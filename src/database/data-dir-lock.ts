import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Raised when another live instance holds DATA_DIR; the message names both. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(`DATA_DIR ${dataDir} is in use by another arqsign-bridge instance (pid ${holderPid}). Stop that instance, or give this one its own DATA_DIR.`);
  }
}

interface Holder {
  pid: number;
  /** The holder's start time (/proc/<pid>/stat field 22): tells a reused pid from the holder. */
  startTime: string | null;
}

/**
 * One instance per DATA_DIR (docs/job-recovery.md): `<DATA_DIR>/arqsign-bridge.pid`, created
 * exclusively at start and removed at a clean stop. A file whose process is gone (killed, power
 * cut) or whose pid now belongs to another process is stale and taken over; a live holder makes
 * the start fail before anything in DATA_DIR (the embedded PostgreSQL, the files) is touched.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static async acquire(dataDir: string, onStale: (message: string) => void = () => undefined): Promise<DataDirLock> {
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, 'arqsign-bridge.pid');
    const me = JSON.stringify({ pid: process.pid, startTime: startTimeOf(process.pid) } satisfies Holder) + '\n';
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await writeFile(file, me, { flag: 'wx', mode: 0o644 });
        return new DataDirLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const content = await readFile(file, 'utf8').catch(() => null);
      if (content === null) continue; // removed meanwhile: try again
      const holder = parse(content);
      if (holder && isHolderAlive(holder)) throw new DataDirLockedError(dataDir, holder.pid);
      // Stale: move it aside (atomic), then check we moved the stale one and not a newcomer's.
      const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
      if (!(await rename(file, aside).then(() => true, () => false))) continue;
      const moved = await readFile(aside, 'utf8').catch(() => null);
      if (moved !== content) await link(aside, file).catch(() => undefined); // a newcomer's: put it back
      else onStale(`Taking over DATA_DIR ${dataDir} from an instance that is gone (pid ${holder?.pid ?? 'unknown'})`);
      await rm(aside, { force: true });
    }
    throw new Error(`Could not lock DATA_DIR ${dataDir} (${file} keeps changing)`);
  }

  /** Removes the lock file (only if it is still ours). */
  async release(): Promise<void> {
    const holder = parse((await readFile(this.file, 'utf8').catch(() => '')) ?? '');
    if (holder?.pid === process.pid) await rm(this.file, { force: true });
  }
}

function parse(content: string): Holder | null {
  try {
    const value = JSON.parse(content) as Partial<Holder>;
    return Number.isInteger(value.pid) && value.pid! > 0 ? { pid: value.pid!, startTime: value.startTime ?? null } : null;
  } catch {
    return null;
  }
}

function isHolderAlive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readStat(holder.pid);
  if (stat === undefined) return true; // no /proc: trust the pid
  if (/^\d+ \(.*\) Z/.test(stat)) return false; // a zombie
  return holder.startTime === null || startTimeOf(holder.pid) === holder.startTime;
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

function startTimeOf(pid: number): string | null {
  const stat = readStat(pid);
  if (!stat) return null;
  // Fields after the command name (which may contain spaces): state is field 3, starttime field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}
