import { randomUUID } from 'node:crypto';
import { startArqsignSimulator, type RunningSimulator } from '../../../src/sandbox';
import { act, apiClient, example, keyPaths, pdfPageCount, sendRequest, simpleSendRequest, download, type Api } from './sandbox-test-kit';

/** Contract tests of docs/arqsign.md#endpoints over real HTTP. Expected messages are ArqSIGN's verbatim texts (src/sandbox/messages.ts, docs/arqsign.md#errors). */

const SEND = '/api/v2/processo/enviar-documento-para-assinar';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sim: RunningSimulator;
let api: Api;

beforeAll(async () => {
  sim = await startArqsignSimulator({ port: 0 });
  api = apiClient(sim);
});
afterAll(() => sim.close());

async function sendExample(mutate: (body: any) => void = () => undefined) {
  const body = sendRequest(sim);
  mutate(body);
  const res = await api('POST', SEND, body);
  expect(res.status).toBe(200);
  return res.body as { IdProcesso: string; documentos: any[]; destinatarios: any[] };
}

async function concludedExample() {
  const sent = await sendExample();
  expect((await act(sim, sent.IdProcesso, { action: 'sign' })).status).toBe(200);
  const done = await act(sim, sent.IdProcesso, { action: 'sign', ip: '198.51.100.77' });
  expect(done.body.status).toBe('Concluído');
  return sent;
}

const box = { pagina: 1, altura: 20, largura: 60, posicaoX: 20, posicaoY: 250 };

/** The example switched to manual positions, with a valid box per signer and file. */
function manualPositions(body: any): void {
  body.usarPosicaoAssinaturaAutomatica = false;
  body.destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual = [
    { documentoDeOrdem: 1, pessoaFisica: box },
    { documentoDeOrdem: 2, pessoaFisica: box },
  ];
  body.destinatarios[1].assinarOnline.definirPosicaoAssinaturaManual = [
    { documentoDeOrdem: 1, pessoaFisica: box, pessoaJuridica: { ...box, posicaoX: 100 } },
    { documentoDeOrdem: 2, pessoaFisica: box, pessoaJuridica: { ...box, posicaoX: 100 } },
  ];
}

describe('POST /api/v2/processo/enviar-documento-para-assinar (3.1)', () => {
  it('accepts the documented example and answers the documented shape', async () => {
    const res = await api('POST', SEND, sendRequest(sim));
    expect(res.status).toBe(200);
    expect(keyPaths(res.body)).toEqual(keyPaths(example('send-process-response.json')));
    expect(res.body.IdProcesso).toMatch(GUID);
    expect(res.body.documentos.map((d: any) => [d.ordem, d.nome])).toEqual([
      [1, 'contrato-4711.pdf'],
      [2, 'anexo-tabela-de-precos.pdf'],
    ]);
    expect(res.body.destinatarios[0]).toMatchObject({ ordem: 1, formaEnvio: 'maria.exemplo@example.com', configuracoesAnexos: null });
    expect(res.body.destinatarios[1].configuracoesAnexos).toEqual([{ id: expect.stringMatching(GUID), nome: 'Contrato Social' }]);
  });

  it('matches request keys case-insensitively and accepts the second subscription key', async () => {
    const upper = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(upper)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), upper(v)]))
          : value;
    const res = await apiClient(sim, 1)('POST', SEND, upper(sendRequest(sim)));
    expect(res.status).toBe(200);
    expect(res.body.IdProcesso).toMatch(GUID);
  });

  it('accepts manual signature positions that fit the pages', async () => {
    const body = sendRequest(sim);
    manualPositions(body);
    expect((await api('POST', SEND, body)).status).toBe(200);
  });

  const rejects: [string, (b: any) => void, string][] = [
    ['missing required item', (b) => delete b.nomeProcesso, 'O(s) item(ns) listado(s) é(são) obrigatório(s): nomeProcesso'],
    ['malformed guid', (b) => (b.idResponsavel = 'abc'), 'O(s) item(ns) listado(s) está(ão) com o formato incorreto: idResponsavel'],
    ['unknown responsible user', (b) => (b.idResponsavel = '11111111-2222-4333-8444-555555555555'), 'O(s) id(s) listado(s) não existe(m): 11111111-2222-4333-8444-555555555555'],
    ['process name over 250', (b) => (b.nomeProcesso = 'x'.repeat(251)), 'está(ão) com o formato incorreto: nomeProcesso'],
    ['folder not in account', (b) => (b.idPasta = randomUUID()), 'idPasta não encontrado.'],
    [
      'order on but missing order',
      (b) => (b.destinatarios[1].ordemAssinatura = null),
      'Quando o parâmetro usarOrdemDeAssinatura for igual a true, é obrigatório definir ordem de assinatura para o(s) signatário(s) com ação de Assinar Online.',
    ],
    [
      'same recipient twice in one order',
      (b) => {
        b.destinatarios[1].ordemAssinatura = 1;
        b.destinatarios[1].email = 'MARIA.exemplo@example.com';
      },
      'Existem destinatários duplicados na mesma posição de ordem de assinatura. Verifique a lista de destinatários e configure uma ordem de assinatura diferente para os destinatários duplicados ou remova os repetidos',
    ],
    ['bad visual style', (b) => (b.destinatarios[0].representacaoVisualAssinatura = 7), 'O parâmetro representacaoVisualAssinatura permite somente valor 1, 2 ou 3.'],
    ['neither e-mail nor phone', (b) => (b.destinatarios[0].email = null), 'O parâmetro email ou telefone é obrigatório.'],
    ['bad e-mail', (b) => (b.destinatarios[0].email = 'maria.exemplo'), 'E-mail inválido.'],
    ['bad security e-mail', (b) => (b.destinatarios[0].assinarOnline.seguranca.codigoSegurancaEmail = 'nope@'), 'E-mail inválido.'],
    [
      'both e-mail and phone',
      (b) => (b.destinatarios[0].telefone = '+55 11 99999-0000'),
      'Somente é possível enviar o processo para um e-mail ou telefone. Escolha uma forma de envio.',
    ],
    [
      'bad phone',
      (b) => {
        b.destinatarios[0].email = null;
        b.destinatarios[0].telefone = '12-ab';
      },
      'Telefone inválido.',
    ],
    [
      'SMS code to a non-Brazilian phone',
      (b) => Object.assign(b.destinatarios[0].assinarOnline.seguranca, { idMeioEnvio: 1, codigoSegurancaTelefone: '+351912345678' }),
      'Telefone inválido.',
    ],
    [
      'WhatsApp for a certificate signer',
      (b) => {
        b.destinatarios[0].email = null;
        b.destinatarios[0].telefone = '5511999990000';
        b.destinatarios[0].assinarOnline.idTipoAssinatura = 3;
      },
      'Somente é possível enviar processos por WhatsApp para signatários com tipo de assinatura eletrônica ou com ação de receber cópia.',
    ],
    ['unknown role', (b) => (b.destinatarios[0].assinarOnline.papelPessoaFisica = ['Papel Inexistente']), 'O(s) Papel(is) do(s) Signatário(s) informado(s) não existe(m) para a conta.'],
    ['bad code channel', (b) => (b.destinatarios[0].assinarOnline.seguranca.idMeioEnvio = 9), 'O parâmetro idMeioEnvio permite somente valores 1, 2, 3 ou 4.'],
    [
      'missing code e-mail',
      (b) => (b.destinatarios[0].assinarOnline.seguranca.codigoSegurancaEmail = null),
      'O parâmetro codigoSegurancaEmail é obrigatório quando o parâmetro idMeioEnvio for igual a 3.',
    ],
    [
      'missing code phone',
      (b) => (b.destinatarios[0].assinarOnline.seguranca.idMeioEnvio = 2),
      'O parâmetro codigoSegurancaTelefone é obrigatório quando o parâmetro idMeioEnvio for igual a 1 ou 2.',
    ],
    [
      'partial attachment block',
      (b) => (b.destinatarios[1].assinarOnline.anexos = [{ anexoDocumentoNome: 'RG' }]),
      'Os parâmetros contidos em anexos não são obrigatórios, mas quando for enviado pelo menos um parâmetro nesta coleção, os demais se tornam necessários.',
    ],
    [
      'duplicate attachment name',
      (b) => b.destinatarios[1].assinarOnline.anexos.push({ ...b.destinatarios[1].assinarOnline.anexos[0], anexoDocumentoNome: 'contrato social' }),
      'Não é permitido configurar anexos com mesmo nome.',
    ],
    [
      'box outside the page',
      (b) => {
        manualPositions(b);
        b.destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual[0].pessoaFisica = { ...box, posicaoX: 190 };
      },
      'Posicionamento definirPosicaoAssinaturaManual fora dos limites da página.',
    ],
    [
      'two boxes of the same kind in one file',
      (b) => {
        manualPositions(b);
        b.destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual.push({ documentoDeOrdem: 1, pessoaFisica: box });
      },
      'Somente é permitido uma representação por tipo de assinatura.',
    ],
    [
      'missing documentoDeOrdem',
      (b) => {
        manualPositions(b);
        delete b.destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual[1].documentoDeOrdem;
      },
      'O parâmetro documentoDeOrdem é obrigatório quando no processo possuir mais de um arquivo para assinatura.',
    ],
    [
      'documentoDeOrdem not found',
      (b) => {
        manualPositions(b);
        b.destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual[1].documentoDeOrdem = 9;
      },
      'Não existe o documento na ordem 9 informada no parâmetro “documentoDeOrdem”.',
    ],
    [
      'missing PF box',
      (b) => {
        manualPositions(b);
        b.destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual.pop();
      },
      'É necessário enviar os parâmetros pessoaFisica em definirPosicaoAssinaturaManual para os signatários com o parâmetro assinarComo = 1 ou 3 em todos os arquivos do processo.',
    ],
    [
      'missing PJ box',
      (b) => {
        manualPositions(b);
        delete b.destinatarios[1].assinarOnline.definirPosicaoAssinaturaManual[1].pessoaJuridica;
      },
      'É necessário enviar os parâmetros pessoaJuridica em definirPosicaoAssinaturaManual para signatários com o parâmetro assinarComo = 2 ou 3 em todos os arquivos do processo.',
    ],
    [
      'page not in the file',
      (b) => {
        manualPositions(b);
        b.destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual[0].pessoaFisica.pagina = 5;
      },
      'A página "5” não existe no arquivo.',
    ],
    [
      'pages not in the file',
      (b) => {
        manualPositions(b);
        const entry = b.destinatarios[1].assinarOnline.definirPosicaoAssinaturaManual[0];
        entry.pessoaFisica = { ...box, pagina: 5 };
        entry.pessoaJuridica = { ...box, pagina: 6 };
      },
      'As páginas "5, 6” não existem no arquivo.',
    ],
    [
      'manual positions missing',
      (b) => (b.usarPosicaoAssinaturaAutomatica = false),
      'obrigatório(s): destinatarios[0].assinarOnline.definirPosicaoAssinaturaManual, destinatarios[1].assinarOnline.definirPosicaoAssinaturaManual',
    ],
    ['bad signature type', (b) => (b.destinatarios[0].assinarOnline.idTipoAssinatura = 2), 'O parâmetro idTipoAssinatura permite somente valores 1, 3 ou 4.'],
    [
      'bad PF document type',
      (b) => (b.destinatarios[0].assinarOnline.assinaturaEletronica.tipoDocumentoAInformar = 9),
      'O parâmetro tipoDocumentoAInformar permite somente valores 1, 2, 3 ou 4.',
    ],
    [
      'missing custom PF document config',
      (b) => (b.destinatarios[0].assinarOnline.assinaturaEletronica.tipoDocumentoAInformar = 4),
      'O parâmetro configuracaoDocumentoOutro é obrigatório quando tipoDocumentoAInformar for igual a 4.',
    ],
    [
      'bad PJ document type',
      (b) => (b.destinatarios[1].assinarOnline.assinaturaEletronica.tipoDocumentoEmpresaAInformar = 1),
      'O parâmetro tipoDocumentoEmpresaAInformar permite somente valores 4 ou 5.',
    ],
    [
      'missing custom PJ document config',
      (b) => (b.destinatarios[1].assinarOnline.assinaturaEletronica.tipoDocumentoEmpresaAInformar = 4),
      'O parâmetro configuracaoDocumentoEmpresaOutro é obrigatório quando tipoDocumentoEmpresaAInformar for igual a 4.',
    ],
    ['pre-fill name too long', (b) => (b.destinatarios[0].assinarOnline.dadosAssinatura.signatario.nome = 'n'.repeat(251)), 'São permitidos até 250 caracteres no parâmetro nome.'],
    [
      'bad PF number',
      (b) => (b.destinatarios[0].assinarOnline.dadosAssinatura.signatario.numeroDocumento = '12345678900'),
      'O valor informado no parâmetro numeroDocumento é inválido para o tipo definido no parâmetro tipoDocumentoAInformar.',
    ],
    [
      'bad PJ number',
      (b) => (b.destinatarios[1].assinarOnline.dadosAssinatura.empresa.numeroDocumento = '11222333000180'),
      'O valor informado no parâmetro numeroDocumento é inválido para o tipo definido no parâmetro tipoDocumentoEmpresaAInformar.',
    ],
    ['valor without label', (b) => (b.destinatarios[0].assinarOnline.dadosAssinatura.dadosComplementares = [{ label: null, valor: '1' }]), 'O parâmetro label é obrigatório quando informar o parâmetro valor.'],
    ['label without valor', (b) => (b.destinatarios[0].assinarOnline.dadosAssinatura.dadosComplementares = [{ label: 'Pedido', valor: null }]), 'O parâmetro valor é obrigatório quando informar o parâmetro label.'],
    [
      'more than 25 files',
      (b) => (b.documentos = Array.from({ length: 26 }, (_, i) => ({ ...b.documentos[0], ordemDocumento: i + 1, nomeComExtensao: `f${i}.pdf` }))),
      'É permitido enviar até 25 arquivos por processo, cujo tamanho não ultrapasse a soma de 100MB.',
    ],
    [
      'not a PDF',
      (b) => (b.documentos[1].arquivo = Buffer.from('hello, not a pdf').toString('base64')),
      'O arquivo anexo-tabela-de-precos.pdf é inválido. Somente é permitido arquivo do tipo PDF.',
    ],
    [
      'missing ordemDocumento',
      (b) => (b.documentos[1].ordemDocumento = null),
      'Para processo com mais de um arquivo o parâmetro ordemDocumento é obrigatório em cada documento.',
    ],
    ['duplicate ordemDocumento', (b) => (b.documentos[1].ordemDocumento = 1), 'Não é permitido arquivos com a mesma ordem.'],
    ['file name over 150', (b) => (b.documentos[1].nomeComExtensao = `${'a'.repeat(148)}.pdf`), 'O tamanho do nome do arquivo não pode ultrapassar a 150 caracteres.'],
    ['duplicate file name', (b) => (b.documentos[1].nomeComExtensao = 'contrato-4711.pdf'), 'Não é permitido arquivos com mesmo nome.'],
    ['no file', (b) => (b.documentos = []), 'É obrigatório enviar ao menos um arquivo do tipo PDF.'],
  ];

  it.each(rejects)('400 on %s', async (_case, mutate, message) => {
    const body = sendRequest(sim);
    mutate(body);
    const res = await api('POST', SEND, body);
    expect(res.status).toBe(400);
    expect(res.body.status).toBe(400);
    expect(res.body.mensagem).toContain(message);
  });

  it('reports several failures at once, joined with "; "', async () => {
    const body = sendRequest(sim);
    delete body.nomeProcesso;
    body.destinatarios[0].email = 'bad';
    body.documentos = [];
    const res = await api('POST', SEND, body);
    expect(res.body.mensagem).toBe(
      'O(s) item(ns) listado(s) é(são) obrigatório(s): nomeProcesso; E-mail inválido.; É obrigatório enviar ao menos um arquivo do tipo PDF.',
    );
  });

  it('rejects unknown keys with E_UNKNOWN_PARAM and malformed JSON with 500', async () => {
    const body = sendRequest(sim);
    body.destinatarios[0].assinarOnline.campoInventado = true;
    expect((await api('POST', SEND, body)).body).toEqual({ status: 400, mensagem: 'Algum parâmetro está incorreto ou é inexistente.' });
    const broken = await api('POST', SEND, '{"nomeProcesso": ');
    expect(broken.status).toBe(500);
  });

  it('422 when the "Envios" balance is exhausted; 400 over the size limit', async () => {
    const poor = await startArqsignSimulator({ port: 0, credits: 0, maxProcessBytes: 40 });
    try {
      const poorApi = apiClient(poor);
      const tiny = simpleSendRequest(poor, ['a@example.com']);
      const res = await poorApi('POST', SEND, tiny);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ status: 422, mensagem: 'Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente' });
      const big = await poorApi('POST', SEND, sendRequest(poor)); // two 32-byte files > 40
      expect(big.status).toBe(400);
      expect(big.body.mensagem).toBe('Não é permitido um arquivo ou uma coleção de arquivos que ultrapasse a soma de 100MB.');
    } finally {
      await poor.close();
    }
  });
});

describe('GET /api/v2/processo/{idProcesso} (3.2)', () => {
  it('returns the concluded process shaped like the example, with signed files and records', async () => {
    const sent = await concludedExample();
    const res = await api('GET', `/api/v2/processo/${sent.IdProcesso}`);
    expect(res.status).toBe(200);
    expect(keyPaths(res.body)).toEqual(keyPaths(example('get-process-v2-response.json')));
    expect(res.body).toMatchObject({ status: 'Concluído', idResponsavel: sim.account.responsibleId, nomeResponsavel: 'Ana Remetente', expiracaoDias: 30, lembrete: true });
    expect(res.body.caminhoDaPasta).toBe('Empresa Sandbox \\ Comercial \\ Contratos');
    expect(res.body.dataConclusao).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const [maria, joao] = res.body.signatarios;
    expect(maria.dadosAssinatura.dadosPessoaFisica).toEqual({
      nomePessoaFisica: 'Maria Exemplo da Silva',
      tipoDocumentoPessoaFisica: 'CPF',
      numeroDocumetoPessoaFisica: '12345678909', // pre-filled number; key misspelled as documented
    });
    expect(joao.dadosAssinatura).toMatchObject({ ip: '198.51.100.77', dadosPessoaJuridica: { numeroDocumentoEmpresa: '11222333000181' } });
    expect(joao.dadosAssinatura.anexos).toEqual([{ id: expect.stringMatching(GUID), anexoDocumentoNome: 'Contrato Social' }]);
    for (const doc of res.body.documentos) {
      const original = sendRequest(sim).documentos.find((d: any) => d.nomeComExtensao === doc.nomeDocumento).arquivo;
      expect(doc.base64Documento).not.toBe(original);
      expect(await pdfPageCount(Buffer.from(doc.base64Documento, 'base64'))).toBeGreaterThanOrEqual(1);
      expect(doc.registroAssinaturas.nome).toBe(doc.nomeDocumento.replace('.pdf', '_Registro de assinaturas.pdf'));
      expect(await pdfPageCount(Buffer.from(doc.registroAssinaturas.base64, 'base64'))).toBe(1);
    }
  });

  it('400 E_FORMAT for a malformed id, E_IDS for an unknown one', async () => {
    expect((await api('GET', '/api/v2/processo/not-a-guid')).body).toEqual({
      status: 400,
      mensagem: 'O(s) item(ns) listado(s) está(ão) com o formato incorreto: idProcesso',
    });
    const unknown = randomUUID();
    expect((await api('GET', `/api/v2/processo/${unknown}`)).body).toEqual({ status: 400, mensagem: `O(s) id(s) listado(s) não existe(m): ${unknown}` });
  });
});

describe('PATCH /api/v2/processo/{idProcesso}/reenviar-processo (3.3)', () => {
  it('resends with no edits: renews the deadline and lists every pending signer', async () => {
    const sent = await sendExample();
    const before = (await api('GET', `/api/v1/processo/${sent.IdProcesso}/dados-signatarios`)).body.dataExpiracao;
    await api('POST', '/__sim/clock', { advanceSeconds: 86_400 }, {});
    const res = await api('PATCH', `/api/v2/processo/${sent.IdProcesso}/reenviar-processo`, example('resend-request-no-edit.json'));
    expect(res.status).toBe(200);
    expect(res.body.map((r: any) => r.nome)).toEqual(['Maria Exemplo da Silva', 'Joao Teste Pereira']);
    const after = (await api('GET', `/api/v2/processo/${sent.IdProcesso}`)).body;
    expect(after.dataReenvio).not.toBeNull();
    expect(Date.parse(`${after.dataExpiracao}Z`) - Date.parse(`${before}Z`)).toBeGreaterThanOrEqual(86_400_000);
    expect(Date.parse(`${after.dataExpiracao}Z`) - Date.parse(`${after.dataReenvio}Z`)).toBe(30 * 86_400_000);
  });

  it('applies the documented edit example and answers the example shape', async () => {
    const sent = await sendExample();
    await act(sim, sent.IdProcesso, { action: 'sign' });
    const joaoId = sent.destinatarios[1].idProcessoDestinatario;
    const body = example('resend-request-with-edit.json');
    body[0].idProcessoDestinatario = joaoId;
    const res = await api('PATCH', `/api/v2/processo/${sent.IdProcesso}/reenviar-processo`, body);
    expect(res.status).toBe(200);
    expect(keyPaths(res.body)).toEqual(keyPaths(example('resend-response.json')));
    expect(res.body).toEqual([
      {
        idProcessoDestinatario: joaoId,
        ordem: 2,
        formaEnvioProcesso: 'joao.pereira.novo@example.com',
        nome: 'Joao Teste Pereira',
        anexos: [{ idConfiguracaoAnexo: sent.destinatarios[1].configuracoesAnexos[0].id, nomeAnexo: 'Contrato Social' }],
      },
    ]);
    // The edited pre-fill number is what the signature later carries.
    const done = await act(sim, sent.IdProcesso, { action: 'sign' });
    expect(done.body.status).toBe('Concluído');
    const v2 = (await api('GET', `/api/v2/processo/${sent.IdProcesso}`)).body;
    expect(v2.signatarios[1].email).toBe('joao.pereira.novo@example.com');
    expect(v2.signatarios[1].dadosAssinatura.dadosPessoaFisica.numeroDocumetoPessoaFisica).toBe('98765432100');
  });

  it('validates edits and refuses closed processes', async () => {
    const sent = await sendExample();
    const path = `/api/v2/processo/${sent.IdProcesso}/reenviar-processo`;
    const mariaId = sent.destinatarios[0].idProcessoDestinatario;
    expect((await api('PATCH', path, [{ idFormaEnvioProcesso: 1, email: 'x@example.com' }])).body.mensagem).toBe(
      'O(s) item(ns) listado(s) é(são) obrigatório(s): [0].idProcessoDestinatario',
    );
    expect((await api('PATCH', path, [{ idProcessoDestinatario: mariaId, idFormaEnvioProcesso: 1, email: 'bad' }])).body.mensagem).toBe('E-mail inválido.');
    expect((await api('PATCH', path, [{ idProcessoDestinatario: mariaId, idFormaEnvioProcesso: 1 }])).body.mensagem).toBe(
      'O(s) item(ns) listado(s) é(são) obrigatório(s): [0].email',
    );
    expect((await api('PATCH', path, [{ idProcessoDestinatario: mariaId, apelido: 'x' }])).body.mensagem).toBe('Algum parâmetro está incorreto ou é inexistente.');
    // `validarDocumento` is accepted as a spelling of `validar` (docs/arqsign-gaps.md#gap-05).
    const alias = [{ idProcessoDestinatario: mariaId, dadosAssinatura: { signatario: { numeroDocumento: '12345678909', validarDocumento: true } } }];
    expect((await api('PATCH', path, alias)).status).toBe(200);

    await act(sim, sent.IdProcesso, { action: 'sign' });
    const signed = await api('PATCH', path, [{ idProcessoDestinatario: mariaId, nome: 'Maria' }]);
    expect(signed.body).toEqual({ status: 400, mensagem: `O(s) id(s) listado(s) não existe(m): ${mariaId}` });

    await act(sim, sent.IdProcesso, { action: 'sign' });
    expect((await api('PATCH', path, [])).body).toEqual({ status: 422, mensagem: 'Documento concluído.' });
    const other = await sendExample();
    await api('PATCH', `/api/v1/processo/${other.IdProcesso}/cancelar-processo`);
    expect((await api('PATCH', `/api/v2/processo/${other.IdProcesso}/reenviar-processo`, [])).body).toEqual({
      status: 422,
      mensagem: 'Documento cancelado.',
    });
  });
});

describe('GET status (3.4) and signer data (3.5)', () => {
  it('answers 201 with PascalCase NomeProcesso/Status, and the signer summary with its documented casing', async () => {
    const sent = await sendExample();
    const status = await api('GET', `/api/v1/processo/${sent.IdProcesso}/status-do-processo`);
    expect(status.status).toBe(201);
    expect(status.body).toEqual({ NomeProcesso: 'Contrato de Prestacao de Servicos - Pedido 4711', Status: 'Aguardando' });

    await act(sim, sent.IdProcesso, { action: 'sign' });
    expect((await api('GET', `/api/v1/processo/${sent.IdProcesso}/status-do-processo`)).body.Status).toBe('Em processo');

    const data = await api('GET', `/api/v1/processo/${sent.IdProcesso}/dados-signatarios`);
    expect(data.status).toBe(200);
    expect(data.body).toMatchObject({ nomeProcesso: 'Contrato de Prestacao de Servicos - Pedido 4711', status: 'Em processo' });
    expect(data.body.signatarios).toEqual([
      {
        ordem: 1,
        IdProcessoDestinatario: sent.destinatarios[0].idProcessoDestinatario,
        nome: 'Maria Exemplo da Silva',
        idTipoAssinatura: 1,
        IdFormaEnvioProcesso: 1,
        email: 'maria.exemplo@example.com',
        telefone: null,
        tipoAcao: 'Assinar Online',
        IdMeioEnvioCodigoSeguranca: 3,
        emailSeguranca: 'maria.exemplo@example.com',
        telefoneSeguranca: null,
        permitirReenviarCodigo: false,
        falhaEnvio: 'false',
        assinado: true,
      },
      expect.objectContaining({ ordem: 2, IdMeioEnvioCodigoSeguranca: null, assinado: false }),
    ]);
  });
});

describe('PATCH /api/v1/processo/{idProcesso}/cancelar-processo (3.6)', () => {
  it('cancels an open process, then 422 for a cancelled or concluded one', async () => {
    const sent = await sendExample();
    const path = `/api/v1/processo/${sent.IdProcesso}/cancelar-processo`;
    const res = await api('PATCH', path);
    expect(res.status).toBe(200);
    expect(res.body).toBe(example('cancel-response.json').body);
    const v2 = (await api('GET', `/api/v2/processo/${sent.IdProcesso}`)).body;
    expect(v2).toMatchObject({ status: 'Cancelado', usuarioCancelamento: 'Ana Remetente' });
    expect(v2.dataCancelamento).not.toBeNull();
    expect((await api('PATCH', path)).body).toEqual({ status: 422, mensagem: 'Documento cancelado.' });

    const concluded = await concludedExample();
    const refused = await api('PATCH', `/api/v1/processo/${concluded.IdProcesso}/cancelar-processo`);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual(example('cancel-response-422.json').body);
  });

  it('answers Documento excluído. for a logically deleted process', async () => {
    const sent = await sendExample();
    await act(sim, sent.IdProcesso, { action: 'delete' });
    for (const [method, path] of [
      ['GET', `/api/v2/processo/${sent.IdProcesso}`],
      ['GET', `/api/v1/processo/${sent.IdProcesso}/status-do-processo`],
      ['GET', `/api/v1/processo/${sent.IdProcesso}/dados-signatarios`],
      ['PATCH', `/api/v1/processo/${sent.IdProcesso}/cancelar-processo`],
    ]) {
      expect((await api(method, path)).body).toEqual({ status: 400, mensagem: 'Documento excluído.' });
    }
  });
});

describe('POST buscar-anexos-signatarios (3.7) and GET registro-assinaturas (3.8)', () => {
  it('returns signer uploads as Base64 or as a download link', async () => {
    const sent = await concludedExample();
    const path = `/api/v1/processo/${sent.IdProcesso}/buscar-anexos-signatarios`;
    const [maria, joao] = sent.destinatarios.map((d) => d.idProcessoDestinatario);

    const inline = await api('POST', path, { arquivoTipo: 1 });
    expect(inline.status).toBe(200);
    expect(inline.body.map((s: any) => [s.idSignatario, s.anexos?.length ?? null])).toEqual([
      [maria, null],
      [joao, 1],
    ]);
    expect(inline.body[1].anexos[0].nome).toMatch(/^Contrato Social - .+\.pdf$/);
    expect(await pdfPageCount(Buffer.from(inline.body[1].anexos[0].arquivo, 'base64'))).toBe(1);

    const linked = await api('POST', path, { arquivoTipo: 2, signatarios: [joao, randomUUID()] });
    expect(linked.body).toHaveLength(1);
    const file = await download(linked.body[0].anexos[0].arquivo);
    expect(file.status).toBe(200);
    expect(file.contentType).toBe('application/pdf');
    expect(await pdfPageCount(file.bytes)).toBe(1);

    expect((await api('POST', path, { arquivoTipo: 3 })).body.mensagem).toBe('O parâmetro arquivoTipo permite somente valores 1 ou 2.');
    expect((await api('POST', path, {})).body.mensagem).toBe('O(s) item(ns) listado(s) é(são) obrigatório(s): arquivoTipo');
    const stranger = randomUUID();
    expect((await api('POST', path, { arquivoTipo: 1, signatarios: [stranger] })).body.mensagem).toBe(`O(s) id(s) listado(s) não existe(m): ${stranger}`);
  });

  it('returns one document signature record by document id', async () => {
    const sent = await concludedExample();
    const doc = sent.documentos[0];
    const res = await api('GET', `/api/v1/processo/${doc.id}/registro-assinaturas`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ idArquivoProcesso: doc.id, nome: 'contrato-4711_Registro de Assinaturas.pdf', base64: expect.any(String) });
    expect(await pdfPageCount(Buffer.from(res.body.base64, 'base64'))).toBe(1);
    const unknown = randomUUID();
    expect((await api('GET', `/api/v1/processo/${unknown}/registro-assinaturas`)).body.mensagem).toBe(`O(s) id(s) listado(s) não existe(m): ${unknown}`);
  });
});
