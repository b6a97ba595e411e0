import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres, EmbeddedPostgresError } from '../../src/database/embedded-postgres.server';
import { freePort } from '../support/free-port';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
  } catch {
    return 'gone';
  }
}

describe('EmbeddedPostgres (the npm start database)', () => {
  let dataDir: string;
  const messages: string[] = [];
  const options = async () => ({ dataDir, port: await freePort(), log: (m: string) => messages.push(m), warn: (m: string) => messages.push(`WARN ${m}`) });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'arqsign-bridge-embedded-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('initialises on first start, keeps data across restarts, and never shows the password', async () => {
    const first = await EmbeddedPostgres.start(await options());
    expect(messages.some((m) => m.startsWith('Initialising'))).toBe(true);
    await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES (\'still here\')');
    await first.stop();

    messages.length = 0;
    const second = await EmbeddedPostgres.start(await options());
    expect(messages.some((m) => m.startsWith('Initialising'))).toBe(false);
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await second.stop();

    const { password } = JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8'));
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(messages.join('\n')).not.toContain(password);
  });

  it('stops a server left running by a killed run before starting its own', async () => {
    const orphan = await EmbeddedPostgres.start(await options()); // "killed": never stopped
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    messages.length = 0;
    const next = await EmbeddedPostgres.start(await options());
    expect(messages.join('\n')).toContain(`left running by an earlier run (pid ${pid})`);
    expect(['gone', 'Z']).toContain(processState(pid)); // stopped: gone, or an unreaped zombie
    expect(await query(next.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await next.stop();
    void orphan;
  });

  it('drops a stale lock file whose process is gone', async () => {
    const dead = await new Promise<number>((resolve) => {
      const child = spawn('true');
      child.once('exit', () => resolve(child.pid!));
    });
    writeFileSync(join(dataDir, 'postgres', 'postmaster.pid'), `${dead}\n${join(dataDir, 'postgres')}\n`);
    messages.length = 0;
    const server = await EmbeddedPostgres.start(await options());
    expect(messages.join('\n')).toContain('Removing a stale PostgreSQL lock file');
    await server.stop();
  });

  it('says which port is taken when it cannot bind', async () => {
    const port = await freePort();
    const blocker = require('node:net').createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      await expect(EmbeddedPostgres.start({ ...(await options()), port })).rejects.toThrow(new RegExp(`Port ${port} is taken`));
      await expect(EmbeddedPostgres.start({ ...(await options()), port })).rejects.toBeInstanceOf(EmbeddedPostgresError);
    } finally {
      blocker.close();
    }
  });
});
