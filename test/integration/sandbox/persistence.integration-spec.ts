import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArqsignSimulator } from '../../../src/sandbox';
import { act, apiClient, simpleSendRequest } from './sandbox-test-kit';

const SEND = '/api/v2/processo/enviar-documento-para-assinar';

/** The simulator with a state file: account, processes, configurations and clock survive a restart. */
describe('Simulator state file', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'sim-state-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('restores the account, a half-signed process, webhook configurations and the clock; leaves no temp file', async () => {
    const stateFile = join(directory, 'sandbox', 'state.v8');
    const first = await startArqsignSimulator({ port: 0, stateFile });
    const api = apiClient(first);
    const sent = (await api('POST', SEND, simpleSendRequest(first, ['a@example.com', 'b@example.com']))).body;
    await act(first, sent.IdProcesso, { action: 'sign' });
    const config = await api('POST', '/api/v1/confwebhook', { nome: 'Persisted', status: 1, urlPublicar: 'http://127.0.0.1:9/hook', aguardarRetorno: true, gatilhos: [1, 3], dadosRetorno: { processo: true, signatarios: true } });
    expect(config.status).toBe(200);
    await fetch(`${first.url}/__sim/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3600 }) });
    await first.close();
    expect(readdirSync(join(directory, 'sandbox'))).toEqual(['state.v8']);

    const lines: string[] = [];
    const second = await startArqsignSimulator({ port: 0, stateFile, log: (line) => lines.push(line) });
    try {
      expect(second.account).toEqual(first.account);
      expect(lines.join('\n')).toMatch(/sandbox state restored .*1 processes, 1 webhook configurations/);
      const again = apiClient(second);
      const process = await again('GET', `/api/v2/processo/${sent.IdProcesso}`);
      expect(process.status).toBe(200);
      const configs = await again('GET', '/api/v1/confwebhook');
      expect(JSON.stringify(configs.body)).toContain('Persisted');
      const clock = (await (await fetch(`${second.url}/__sim/clock`)).json()) as { advancedSeconds: number };
      expect(clock.advancedSeconds).toBe(3600);
      // The second signer signs after the restart: the process concludes.
      const concluded = await act(second, sent.IdProcesso, { action: 'sign' });
      expect(concluded.status).toBe(200);
      expect(concluded.body.status).toBe('Concluído');
    } finally {
      await second.close();
    }
  });

  it('ignores an unreadable state file (starts empty, says so) and replaces it on the next save', async () => {
    const stateFile = join(directory, 'state.v8');
    writeFileSync(stateFile, 'not a snapshot');
    const lines: string[] = [];
    const sim = await startArqsignSimulator({ port: 0, stateFile, log: (line) => lines.push(line) });
    try {
      expect(lines.join('\n')).toMatch(/sandbox state .* is corrupt .*: starting empty/);
      const processes = (await (await fetch(`${sim.url}/__sim/processes`)).json()) as unknown[];
      expect(processes).toEqual([]);
      await apiClient(sim)('POST', SEND, simpleSendRequest(sim, ['a@example.com']));
    } finally {
      await sim.close();
    }
    const reopened = await startArqsignSimulator({ port: 0, stateFile });
    try {
      expect(((await (await fetch(`${reopened.url}/__sim/processes`)).json()) as unknown[]).length).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
