import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startArqsignSimulator, type RunningSimulator } from '../../../src/sandbox';
import { freePort } from '../../support/free-port';
import { TRACKING_RETURN, act, apiClient, control, createWebhook, sendRequest, simpleSendRequest, startListener, waitFor, type Api } from './sandbox-test-kit';

/** The test-control API of docs/behaviour.md#sandbox-simulator, the state machine's edges, faults, limiter and the CLI. */

const SEND = '/api/v2/processo/enviar-documento-para-assinar';

let sim: RunningSimulator;
let api: Api;

beforeAll(async () => {
  sim = await startArqsignSimulator({ port: 0 });
  api = apiClient(sim);
});
afterAll(() => sim.close());

describe('/__sim control API', () => {
  it('GET /__sim/account returns the account, without authentication', async () => {
    const res = await control(sim, 'GET', '/__sim/account');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(sim.account);
    expect(Object.keys(res.body)).toEqual(['appKey', 'subscriptionKeys', 'accountId', 'responsibleId', 'folderId']);
  });

  it('validates actions and reports impossible ones with 409', async () => {
    const sent = (await api('POST', SEND, simpleSendRequest(sim, ['a@example.com']))).body;
    expect((await act(sim, sent.IdProcesso, { action: 'dance' })).status).toBe(400);
    expect((await act(sim, '00000000-0000-4000-8000-000000000000', { action: 'sign' })).status).toBe(404);
    expect((await act(sim, sent.IdProcesso, { action: 'sign', signer: 'nobody@example.com' })).status).toBe(404);
    const done = await act(sim, sent.IdProcesso, { action: 'sign' });
    expect(done.body).toMatchObject({ status: 'Concluído', idStatusProcesso: 4, signatarios: [expect.objectContaining({ assinado: true })] });
    const again = await act(sim, sent.IdProcesso, { action: 'sign' });
    expect(again.status).toBe(409);
    expect(again.body.mensagem).toBe('O processo está com status "Concluído".');
  });

  it('signs with given signer data, IP and attachments; certificate and copy recipients behave as documented', async () => {
    const body = sendRequest(sim);
    body.usarOrdemAssinatura = false; // every signer holds the process at once
    body.destinatarios[0].assinarOnline.idTipoAssinatura = 3;
    body.destinatarios.push({ idTipoAcao: 2, nome: 'Copia', telefone: '5511988887777' });
    const sent = (await api('POST', SEND, body)).body;
    const joao = sent.destinatarios[1].idProcessoDestinatario;
    const upload = Buffer.from('%PDF-1.4\n% contrato social enviado\n%%EOF\n');
    await act(sim, sent.IdProcesso, {
      action: 'sign',
      signer: joao,
      ip: '192.0.2.44',
      geoLocalizacao: '-22.9,-43.2',
      pessoaFisica: { numeroDocumento: '52998224725' },
      pessoaJuridica: { nomeEmpresa: 'ACME Ltda' },
      anexos: [{ nome: 'contrato social', arquivoNome: 'social.pdf', base64: upload.toString('base64') }],
    });
    const mid = (await api('GET', `/api/v2/processo/${sent.IdProcesso}`)).body;
    expect(mid.signatarios[2]).toMatchObject({ tipoAcao: 'Receber uma cópia', copiaEnviada: 'false', telefone: '5511988887777' });
    expect(mid.signatarios[2].dadosAssinatura.tipoAssinatura).toBeNull();
    const signedJoao = mid.signatarios[1].dadosAssinatura;
    expect(signedJoao).toMatchObject({
      ip: '192.0.2.44',
      geoLocalizacao: '-22.9,-43.2',
      dadosPessoaFisica: { numeroDocumetoPessoaFisica: '52998224725' },
      dadosPessoaJuridica: { nomeEmpresa: 'ACME Ltda', tipoDocumentoEmpresa: 'CNPJ', numeroDocumentoEmpresa: '11222333000181' },
    });
    const files = (await api('POST', `/api/v1/processo/${sent.IdProcesso}/buscar-anexos-signatarios`, { arquivoTipo: 1, signatarios: [joao] })).body;
    expect(files[0].anexos).toEqual([{ id: expect.any(String), nome: 'Contrato Social - social.pdf', arquivo: upload.toString('base64') }]);

    await act(sim, sent.IdProcesso, { action: 'sign', signer: 'maria.exemplo@example.com' });
    const end = (await api('GET', `/api/v2/processo/${sent.IdProcesso}`)).body;
    expect(end.status).toBe('Concluído');
    expect(end.signatarios[0].dadosAssinatura).toMatchObject({
      tipoAssinatura: 'Certificado Digital - ICP Brasil',
      dadosPessoaFisica: null,
      dadosCertificado: { emissor: expect.stringContaining('ICP'), nome: expect.stringContaining('MARIA') },
    });
    expect(end.signatarios[2].copiaEnviada).toBe('true');
  });

  it('drives expiry from the clock: trigger 6, no signing until a resend renews the deadline', async () => {
    const listener = await startListener();
    try {
      const own = await startArqsignSimulator({ port: 0 });
      try {
        const ownApi = apiClient(own);
        await createWebhook(ownApi, { nome: 'Prazo', status: 1, urlPublicar: listener.url, gatilhos: [6, 7], dadosRetorno: TRACKING_RETURN });
        const body = simpleSendRequest(own, ['a@example.com']);
        body.configuracoesAvancadas = { tempoExpiracaoDocumentoDias: 2 };
        const sent = (await ownApi('POST', SEND, body)).body;
        const clock = (await control(own, 'GET', '/__sim/clock')).body;
        expect(clock.advancedSeconds).toBe(0);

        expect((await control(own, 'POST', '/__sim/clock', { advanceSeconds: -5 })).status).toBe(400);
        expect((await control(own, 'POST', '/__sim/clock', { advanceSeconds: 86_400 })).body.advancedSeconds).toBe(86_400);
        await new Promise((r) => setTimeout(r, 50));
        expect(listener.received).toHaveLength(0);
        await control(own, 'POST', '/__sim/clock', { advanceSeconds: 86_401 });
        const expired = await waitFor(() => listener.received[0], 2000, 'trigger 6');
        expect(expired.body).toMatchObject({ IdEvento: 6, StatusProcesso: 'Aguardando' });
        expect((await ownApi('GET', `/api/v1/processo/${sent.IdProcesso}/status-do-processo`)).body.Status).toBe('Aguardando'); // no "expired" status
        expect((await act(own, sent.IdProcesso, { action: 'sign' })).status).toBe(409);

        await ownApi('PATCH', `/api/v2/processo/${sent.IdProcesso}/reenviar-processo`, []);
        await waitFor(() => listener.received.length === 2, 2000, 'trigger 7');
        expect(listener.received[1].body.IdEvento).toBe(7);
        const nowIso = (await control(own, 'GET', '/__sim/clock')).body.now;
        const renewed = Date.parse(`${listener.received[1].body.DataExpiracao}Z`);
        expect(Math.abs(renewed - (Date.parse(`${nowIso}Z`) + 2 * 86_400_000))).toBeLessThanOrEqual(2000);
        expect((await act(own, sent.IdProcesso, { action: 'sign' })).body.status).toBe('Concluído');
      } finally {
        await own.close();
      }
    } finally {
      await listener.close();
    }
  });
});

describe('faults and rate limits', () => {
  it('fails the next n matching calls as asked, then recovers', async () => {
    const sent = (await api('POST', SEND, simpleSendRequest(sim, ['a@example.com']))).body;
    const statusPath = `/api/v1/processo/${sent.IdProcesso}/status-do-processo`;
    expect((await control(sim, 'POST', '/__sim/faults', { path: '/api/v1/processo/{idProcesso}/status-do-processo', mode: 'error500', count: 2 })).status).toBe(200);
    expect((await api('GET', statusPath)).status).toBe(500);
    expect((await api('GET', statusPath)).status).toBe(500);
    expect((await api('GET', statusPath)).status).toBe(201);

    await control(sim, 'POST', '/__sim/faults', { path: 'GET /api/v2/processo/*', mode: 'rateLimit', count: 1, retryAfterSeconds: 7 });
    const limited = await api('GET', `/api/v2/processo/${sent.IdProcesso}`);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ status: 429, mensagem: 'Limite de requisições excedido.' });
    expect(limited.headers.get('retry-after')).toBe('7');

    await control(sim, 'POST', '/__sim/faults', { path: '/api/v1/conta/dados-assinatura', mode: 'timeout', count: 1 });
    expect((await control(sim, 'GET', '/__sim/faults')).body).toHaveLength(1);
    await expect(
      fetch(`${sim.url}/api/v1/conta/dados-assinatura`, {
        headers: { AppKey: sim.account.appKey, SubscriptionKey: sim.account.subscriptionKeys[0] },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect((await api('GET', '/api/v1/conta/dados-assinatura')).status).toBe(200);

    await control(sim, 'POST', '/__sim/faults', { path: '/api/v1/conta/dados-assinatura', mode: 'error500', count: 5 });
    expect((await control(sim, 'DELETE', '/__sim/faults')).status).toBe(204);
    expect((await api('GET', '/api/v1/conta/dados-assinatura')).status).toBe(200);
    expect((await control(sim, 'POST', '/__sim/faults', { path: '/x', mode: 'explode' })).status).toBe(400);
  });

  it('optionally limits an account to 4 calls per second (429)', async () => {
    const limited = await startArqsignSimulator({ port: 0, rateLimit: true });
    try {
      const limitedApi = apiClient(limited);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await limitedApi('GET', '/api/v1/conta/papeis-signatarios')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      await control(limited, 'POST', '/__sim/clock', { advanceSeconds: 1 });
      expect((await limitedApi('GET', '/api/v1/conta/papeis-signatarios')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('serves the API under a configurable base path (docs/arqsign-gaps.md#gap-02)', async () => {
    const prefixed = await startArqsignSimulator({ port: 0, basePath: '/v2' });
    try {
      const prefixedApi = apiClient(prefixed);
      expect((await prefixedApi('GET', '/v2/api/v1/conta/papeis-signatarios')).status).toBe(200);
      expect((await prefixedApi('GET', '/api/v1/conta/papeis-signatarios')).status).toBe(404);
    } finally {
      await prefixed.close();
    }
  });
});

describe('npm run sandbox entry (src/sandbox/cli.ts)', () => {
  it('prints its URL and account, answers GET /__sim/account and stops on SIGTERM', async () => {
    const port = await freePort();
    const root = join(__dirname, '..', '..', '..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/sandbox/cli.ts'], {
      cwd: root,
      env: { ...process.env, SANDBOX_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => /\n\}\s*$/.test(output), 20_000, 'the printed account');
      expect(output).toContain(`ArqSIGN simulator listening on http://127.0.0.1:${port}`);
      const printed = JSON.parse(output.slice(output.indexOf('{')));
      const res = await fetch(`http://127.0.0.1:${port}/__sim/account`);
      expect(await res.json()).toEqual(printed);
      expect(printed.subscriptionKeys).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
