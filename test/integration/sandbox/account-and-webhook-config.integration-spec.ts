import { randomUUID } from 'node:crypto';
import { startArqsignSimulator, type RunningSimulator } from '../../../src/sandbox';
import { apiClient, example, keyPaths, sendRequest, type Api } from './sandbox-test-kit';

/** Contract tests of docs/arqsign.md#endpoints, authentication and unknown routes, over real HTTP. */

let sim: RunningSimulator;
let api: Api;

beforeAll(async () => {
  sim = await startArqsignSimulator({ port: 0 });
  api = apiClient(sim);
});
afterAll(() => sim.close());

const ALL_ENDPOINTS = (id: string): [string, string, unknown?][] => [
  ['POST', '/api/v2/processo/enviar-documento-para-assinar', {}],
  ['GET', `/api/v2/processo/${id}`],
  ['PATCH', `/api/v2/processo/${id}/reenviar-processo`, []],
  ['GET', `/api/v1/processo/${id}/status-do-processo`],
  ['GET', `/api/v1/processo/${id}/dados-signatarios`],
  ['PATCH', `/api/v1/processo/${id}/cancelar-processo`],
  ['POST', `/api/v1/processo/${id}/buscar-anexos-signatarios`, { arquivoTipo: 1 }],
  ['GET', `/api/v1/processo/${id}/registro-assinaturas`],
  ['POST', '/api/v1/diretorio/buscar-pastas', { buscarPor: 3 }],
  ['POST', '/api/v1/usuarios/buscar-usuarios', { ativos: true }],
  ['GET', '/api/v1/conta/papeis-signatarios'],
  ['POST', '/api/v1/conta/buscar-consumo-itens-assinatura', { dataInicial: '2025-01-01', dataFinal: '2025-01-31', item: 0 }],
  ['GET', '/api/v1/conta/dados-assinatura'],
  ['POST', '/api/v1/confwebhook', {}],
  ['GET', '/api/v1/confwebhook'],
  ['PATCH', `/api/v1/confwebhook/${id}/alterar-status`, { status: 1 }],
];

describe('authentication (2.2) and unknown routes', () => {
  it('answers 401 on every one of the 16 endpoints for a wrong AppKey, a wrong or missing SubscriptionKey', async () => {
    const id = randomUUID();
    const wrongHeaders = [
      { AppKey: randomUUID(), SubscriptionKey: sim.account.subscriptionKeys[0] },
      { AppKey: sim.account.appKey, SubscriptionKey: 'not-this-accounts-key' },
      { AppKey: sim.account.appKey },
      {},
    ];
    const endpoints = ALL_ENDPOINTS(id);
    expect(endpoints).toHaveLength(16);
    for (const [method, path, body] of endpoints) {
      for (const headers of wrongHeaders) {
        const res = await api(method, path, body, headers as Record<string, string>);
        expect({ method, path, status: res.status, body: res.body }).toEqual({
          method,
          path,
          status: 401,
          body: { status: 401, mensagem: 'Acesso não autorizado.' },
        });
      }
    }
  });

  it('accepts either subscription key, header names in any case', async () => {
    for (const key of sim.account.subscriptionKeys) {
      const res = await api('GET', '/api/v1/conta/papeis-signatarios', undefined, { appkey: sim.account.appKey, SUBSCRIPTIONKEY: key });
      expect(res.status).toBe(200);
    }
  });

  it('answers 401 with the right keys when the account is not active', async () => {
    const inactive = await startArqsignSimulator({ port: 0, accountStatus: 3 });
    try {
      const res = await apiClient(inactive)('GET', '/api/v1/conta/dados-assinatura');
      expect(res.body).toEqual({ status: 401, mensagem: 'Acesso não autorizado.' });
    } finally {
      await inactive.close();
    }
  });

  it('answers 404 Método não encontrado. for unknown routes and methods', async () => {
    expect((await api('GET', '/api/v1/nao-existe')).body).toEqual({ status: 404, mensagem: 'Método não encontrado.' });
    expect((await api('DELETE', '/api/v1/confwebhook')).status).toBe(404);
  });
});

describe('POST /api/v1/diretorio/buscar-pastas (3.9)', () => {
  it('returns full paths (1), children of one folder (2) and the root with its first level (3)', async () => {
    const path = await api('POST', '/api/v1/diretorio/buscar-pastas', { buscarPor: 1, pastas: [sim.account.folderId.toUpperCase()] });
    expect(path.status).toBe(200);
    expect(path.body).toEqual([
      { id: sim.account.folderId, nome: 'Contratos', caminhoCompleto: 'Empresa Sandbox|Comercial|Contratos', status: 'Ativa', filhos: null },
    ]);

    const root = await api('POST', '/api/v1/diretorio/buscar-pastas', { buscarPor: 3 });
    expect(root.body).toHaveLength(1);
    expect(root.body[0]).toMatchObject({ nome: 'Empresa Sandbox', caminhoCompleto: 'Empresa Sandbox', status: 'Ativa' });
    expect(root.body[0].filhos.map((f: any) => [f.nome, f.status, f.possuiFilhos])).toEqual([
      ['Arquivo Morto', 'Excluída', false],
      ['Comercial', 'Ativa', true],
      ['Financeiro', 'Ativa', false],
    ]);
    const activeOnly = await api('POST', '/api/v1/diretorio/buscar-pastas', { buscarPor: 3, ativas: true });
    expect(activeOnly.body[0].filhos.map((f: any) => f.nome)).toEqual(['Comercial', 'Financeiro']);

    const comercial = root.body[0].filhos.find((f: any) => f.nome === 'Comercial');
    const children = await api('POST', '/api/v1/diretorio/buscar-pastas', { buscarPor: 2, pastas: [comercial.id] });
    expect(children.body[0].filhos).toEqual([
      { id: sim.account.folderId, nome: 'Contratos', caminhoCompleto: 'Empresa Sandbox|Comercial|Contratos', status: 'Ativa', possuiFilhos: false },
    ]);
  });

  it('validates buscarPor and pastas', async () => {
    const call = (body: unknown) => api('POST', '/api/v1/diretorio/buscar-pastas', body);
    expect((await call({ buscarPor: 4 })).body.mensagem).toBe('O(s) item(ns) listado(s) está(ão) com o formato incorreto: buscarPor');
    expect((await call({})).body.mensagem).toBe('O(s) item(ns) listado(s) é(são) obrigatório(s): buscarPor');
    expect((await call({ buscarPor: 1 })).body.mensagem).toBe('O(s) item(ns) listado(s) é(são) obrigatório(s): pastas');
    const unknown = randomUUID();
    expect((await call({ buscarPor: 2, pastas: [unknown] })).body.mensagem).toBe(`O(s) id(s) listado(s) não existe(m): ${unknown}`);
    expect((await call({ buscarPor: 3, inventado: 1 })).body.mensagem).toBe('Algum parâmetro está incorreto ou é inexistente.');
  });
});

describe('POST /api/v1/usuarios/buscar-usuarios (3.10) and GET papeis-signatarios (3.11)', () => {
  it('lists users sorted by name, filtered by status or ids', async () => {
    const all = await api('POST', '/api/v1/usuarios/buscar-usuarios', { ativos: false });
    expect(all.status).toBe(200);
    expect(all.body.map((u: any) => [u.nome, u.status])).toEqual([
      ['Ana Remetente', 1],
      ['Bruno Operador', 1],
      ['Carla Inativa', 2],
      ['Diego Bloqueado', 3],
    ]);
    expect(all.body[0]).toEqual({ id: sim.account.responsibleId, nome: 'Ana Remetente', status: 1, remetente: true });
    const active = await api('POST', '/api/v1/usuarios/buscar-usuarios', { ativos: 1 });
    expect(active.body).toHaveLength(2);
    const some = await api('POST', '/api/v1/usuarios/buscar-usuarios', { usuarios: [sim.account.responsibleId, randomUUID()] });
    expect(some.body.map((u: any) => u.nome)).toEqual(['Ana Remetente']);
  });

  it('requires ativos without ids, and at least one known id', async () => {
    expect((await api('POST', '/api/v1/usuarios/buscar-usuarios', {})).body.mensagem).toBe('O(s) item(ns) listado(s) é(são) obrigatório(s): ativos');
    const unknown = randomUUID();
    expect((await api('POST', '/api/v1/usuarios/buscar-usuarios', { usuarios: [unknown] })).body.mensagem).toBe(`O(s) id(s) listado(s) não existe(m): ${unknown}`);
  });

  it('lists the signer roles of the account', async () => {
    const res = await api('GET', '/api/v1/conta/papeis-signatarios');
    expect(res.status).toBe(200);
    expect(res.body.map((r: any) => r.nome)).toEqual(expect.arrayContaining(['Contratante', 'Testemunha', 'Representante Legal']));
    expect(res.body.filter((r: any) => r.padrao)).toHaveLength(1);
    expect(Object.keys(res.body[0]).sort()).toEqual(['id', 'nome', 'padrao']);
  });
});

describe('consumption (3.12) and subscription data (3.13)', () => {
  it('counts sends and WhatsApp messages and decrements the balances', async () => {
    const own = await startArqsignSimulator({ port: 0, credits: 5, whatsappCredits: 10 });
    try {
      const ownApi = apiClient(own);
      const before = (await ownApi('GET', '/api/v1/conta/dados-assinatura')).body;
      expect(Object.keys(before)).toEqual(['Conta', 'plano', 'assinatura']); // `Conta` capitalised as documented
      expect(before.Conta).toEqual({ id: own.account.accountId, nome: expect.any(String), idStatus: 1, status: 'Ativo' });
      expect(before.plano).toMatchObject({ tipoPlano: 'C', periodo: expect.stringMatching(/^[AM]$/) });
      expect(before.assinatura.inicioVigencia).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(before.assinatura.itens.map((i: any) => [i.id, i.nome, i.saldo])).toEqual([
        [1, 'Envio', 5],
        [2, 'WhatsApp', 10],
        [3, 'SMS', 1000],
      ]);

      const body = sendRequest(own);
      body.destinatarios[0].email = null;
      body.destinatarios[0].telefone = '+55 (11) 99999-0000'; // WhatsApp delivery
      expect((await ownApi('POST', '/api/v2/processo/enviar-documento-para-assinar', body)).status).toBe(200);

      const after = (await ownApi('GET', '/api/v1/conta/dados-assinatura')).body;
      expect(after.assinatura.itens.map((i: any) => i.saldo)).toEqual([4, 9, 1000]);

      const today = new Date().toISOString().slice(0, 10);
      const [y, m, d] = today.split('-');
      const usage = await ownApi('POST', '/api/v1/conta/buscar-consumo-itens-assinatura', { dataInicial: `${m}-${d}-${y}`, dataFinal: today, item: 0 });
      expect(usage.status).toBe(200);
      expect(usage.body).toEqual({
        idConta: own.account.accountId,
        nomeConta: expect.any(String),
        itens: [
          { id: 1, nome: 'Envio', quantidade: 1 },
          { id: 2, nome: 'WhatsApp', quantidade: 1 },
          { id: 3, nome: 'SMS', quantidade: 0 },
        ],
      });
      const sends = await ownApi('POST', '/api/v1/conta/buscar-consumo-itens-assinatura', { dataInicial: '2020-01-01', dataFinal: '2020-12-31', item: 1 });
      expect(sends.body.itens).toEqual([{ id: 1, nome: 'Envio', quantidade: 0 }]);
    } finally {
      await own.close();
    }
  });

  it('validates the period and the item', async () => {
    const call = (body: unknown) => api('POST', '/api/v1/conta/buscar-consumo-itens-assinatura', body);
    expect((await call({ dataInicial: '2025-01-01', dataFinal: '2025-01-31', item: 7 })).body.mensagem).toBe('O(s) id(s) listado(s) não existe(m): 7');
    expect((await call({ dataInicial: '2025-01-01', item: 1 })).body.mensagem).toBe('O(s) item(ns) listado(s) é(são) obrigatório(s): dataFinal');
    expect((await call({ dataInicial: '01/31/2025', dataFinal: '2025-02-01', item: 1 })).body.mensagem).toBe(
      'O(s) item(ns) listado(s) está(ão) com o formato incorreto: dataInicial',
    );
    expect((await call({ dataInicial: '2025-03-01', dataFinal: '2025-02-01', item: 1 })).status).toBe(400);
    expect((await call({ dataInicial: '2023-01-01', dataFinal: '2025-02-01', item: 1 })).status).toBe(400);
  });
});

describe('webhook configurations (3.14–3.16)', () => {
  it('creates the documented tracking and conclusion configurations and lists them like the example', async () => {
    const own = await startArqsignSimulator({ port: 0 });
    try {
      const ownApi = apiClient(own);
      const tracking = example('webhook-config-create-tracking-request.json');
      tracking.pastas = [own.account.folderId];
      tracking.urlPublicar = ' http://127.0.0.1:9/webhooks/arqsign/tracking '; // spaces are stripped
      const conclusion = example('webhook-config-create-conclusion-request.json');
      conclusion.pastas = [own.account.folderId];
      const a = await ownApi('POST', '/api/v1/confwebhook', tracking);
      const b = await ownApi('POST', '/api/v1/confwebhook', conclusion);
      for (const res of [a, b]) {
        expect(res.status).toBe(200);
        expect(keyPaths(res.body)).toEqual(keyPaths(example('webhook-config-create-response.json')));
        expect(res.body.chaveHMAC.length).toBeGreaterThanOrEqual(16);
      }
      expect(a.body.chaveHMAC).not.toBe(b.body.chaveHMAC);

      const list = await ownApi('GET', '/api/v1/confwebhook');
      expect(list.status).toBe(200);
      expect(keyPaths(list.body)).toEqual(keyPaths(example('webhook-config-list-response.json')));
      expect(list.body.map((c: any) => c.nome)).toEqual(['ERP - Acompanhamento', 'ERP - Conclusao']);
      const [t, c] = list.body;
      expect(t).toMatchObject({ id: a.body.id, status: 1, urlPublicar: 'http://127.0.0.1:9/webhooks/arqsign/tracking', aguardaRetorno: true, hmac: a.body.chaveHMAC });
      expect(t.gatilhos).toEqual(example('webhook-config-list-response.json')[0].gatilhos);
      expect(c.dadosRetorno).toEqual(example('webhook-config-list-response.json')[1].dadosRetorno);

      const path = `/api/v1/confwebhook/${b.body.id}/alterar-status`;
      const off = await ownApi('PATCH', path, { status: 2 });
      expect(off.status).toBe(200);
      expect(off.text).toBe('');
      expect((await ownApi('GET', '/api/v1/confwebhook')).body[1].status).toBe(2);
      expect((await ownApi('PATCH', path, example('webhook-config-change-status-request.json'))).status).toBe(200);
      expect((await ownApi('GET', '/api/v1/confwebhook')).body[1].status).toBe(1);
      expect((await ownApi('PATCH', path, { status: 3 })).body.mensagem).toBe('O(s) item(ns) listado(s) está(ão) com o formato incorreto: status');
      const unknown = randomUUID();
      expect((await ownApi('PATCH', `/api/v1/confwebhook/${unknown}/alterar-status`, { status: 1 })).body.mensagem).toBe(
        `O(s) id(s) listado(s) não existe(m): ${unknown}`,
      );
    } finally {
      await own.close();
    }
  });

  it('validates filters, triggers, return sections, names and the 25-configuration limit', async () => {
    const own = await startArqsignSimulator({ port: 0 });
    try {
      const ownApi = apiClient(own);
      const base = { nome: 'Teste', status: 1, urlPublicar: 'http://127.0.0.1:9/hook', gatilhos: [3] };
      const create = (extra: Record<string, unknown>) => ownApi('POST', '/api/v1/confwebhook', { ...base, ...extra });
      const users = (await ownApi('POST', '/api/v1/usuarios/buscar-usuarios', { ativos: false })).body;
      const inactive = users.filter((u: any) => u.status !== 1).map((u: any) => u.id);

      expect((await create({ usuarios: [randomUUID()] })).body.mensagem).toBe('Usuário(s) não encontrado(s).');
      expect((await create({ usuarios: inactive })).body.mensagem).toBe('Somente é permitido usuários com status ativo.');
      expect((await create({ grupos: [randomUUID()] })).body.mensagem).toBe('Grupo(s) não encontrado(s).');
      expect((await create({ pastas: [randomUUID()] })).body.mensagem).toBe('Pastas(s) não encontrada(s).');
      expect((await create({ gatilhos: [] })).body.mensagem).toBe('O(s) item(ns) listado(s) é(são) obrigatório(s): gatilhos');
      expect((await create({ gatilhos: [9] })).body.mensagem).toBe('O(s) item(ns) listado(s) está(ão) com o formato incorreto: gatilhos');
      expect((await create({ dadosRetorno: { documentos: true } })).body.mensagem).toBe(
        'O(s) item(ns) listado(s) é(são) obrigatório(s): dadosRetorno.documentosTipo',
      );
      expect((await create({ dadosRetorno: { registrosAssinatura: 1, registrosAssinaturaTipo: 3 } })).body.mensagem).toBe(
        'O(s) item(ns) listado(s) está(ão) com o formato incorreto: dadosRetorno.registrosAssinaturaTipo',
      );
      expect((await ownApi('POST', '/api/v1/confwebhook', { status: 1 })).body.mensagem).toBe(
        'O(s) item(ns) listado(s) é(são) obrigatório(s): nome, urlPublicar, gatilhos',
      );
      expect((await create({ urlPublicar: 'ftp://x' })).body.mensagem).toBe('O(s) item(ns) listado(s) está(ão) com o formato incorreto: urlPublicar');
      expect((await create({ extra: true })).body.mensagem).toBe('Algum parâmetro está incorreto ou é inexistente.');

      // Mixed known/unknown filters keep only the known, active ones; `LinkDocCompartilhado` as in the request table (docs/arqsign-gaps.md#gap-06).
      const mixed = await create({
        nome: 'Filtrado',
        usuarios: [own.account.responsibleId, inactive[0]],
        pastas: [own.account.folderId, randomUUID()],
        dadosRetorno: { LinkDocCompartilhado: true },
      });
      expect(mixed.status).toBe(200);
      const listed = (await ownApi('GET', '/api/v1/confwebhook')).body.find((c: any) => c.id === mixed.body.id);
      expect(listed).toMatchObject({ usuarios: [own.account.responsibleId], pastas: [own.account.folderId], aguardaRetorno: false });
      expect(listed.dadosRetorno.linkDocumentoCompartilhado).toBe(true);

      expect((await create({ nome: ' filtrado ' })).body.mensagem).toBe('Já existe uma configuração de webhook com este nome.');
      for (let i = 1; i < 25; i++) expect((await create({ nome: `Webhook ${i}` })).status).toBe(200);
      expect((await create({ nome: 'Webhook 26' })).body).toEqual({
        status: 400,
        mensagem: 'A conta atingiu o limite máximo de 25 configurações de webhook.',
      });
    } finally {
      await own.close();
    }
  });
});
