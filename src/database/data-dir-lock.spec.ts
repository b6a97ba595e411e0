import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, DataDirLockedError } from './data-dir-lock';

describe('DataDirLock (one instance per DATA_DIR)', () => {
  let dir: string;
  const file = () => join(dir, 'arqsign-bridge.pid');
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'data-dir-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a live holder refuses a second lock, naming DATA_DIR and its pid; release frees it', async () => {
    const lock = await DataDirLock.acquire(dir);
    await expect(DataDirLock.acquire(dir)).rejects.toThrow(new DataDirLockedError(dir, process.pid).message);
    await lock.release();
    const again = await DataDirLock.acquire(dir);
    await again.release();
  });

  it('takes over the file of a process that is gone, and says so', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(file(), JSON.stringify({ pid: Number(gone), startTime: '1' }));
    const messages: string[] = [];
    const lock = await DataDirLock.acquire(dir, (m) => messages.push(m));
    expect(messages).toEqual([expect.stringContaining(`pid ${gone}`)]);
    expect(JSON.parse(readFileSync(file(), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('a live pid with another start time is a reused pid, not the holder: taken over', async () => {
    writeFileSync(file(), JSON.stringify({ pid: process.pid, startTime: 'not-this-process' }));
    const lock = await DataDirLock.acquire(dir);
    expect(JSON.parse(readFileSync(file(), 'utf8')).startTime).not.toBe('not-this-process');
    await lock.release();
  });
});
