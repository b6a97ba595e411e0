import {
  ResponseShapeError,
  mapAccount,
  mapCancelMessage,
  mapCreatedWebhookConfig,
  mapFolders,
  mapProcessDetails,
  mapProcessStatus,
  mapResend,
  mapRoles,
  mapSendProcess,
  mapSignatureData,
  mapSignatureRecord,
  mapSignerAttachments,
  mapSignersSummary,
  mapUsage,
  mapUsers,
  mapWebhookConfigs,
  parseProcessStatus,
  parseSignerAction,
  parseUserStatus,
} from './response-mappers';
import { LenientRecord } from './lenient';
import { loadFixture } from './testing/fixtures';
import { recase, type Casing } from './testing/recase';

const CASINGS: Casing[] = ['camel', 'pascal'];
const PROCESS_ID = '5e1f0c2a-1111-4a2b-9c3d-000000000101';

describe('mapSendProcess (3.1)', () => {
  it.each(CASINGS)('maps the documented example recased to %s', (casing) => {
    const result = mapSendProcess(recase(loadFixture('send-process-response.json'), casing));
    expect(result.processId).toBe(PROCESS_ID);
    expect(result.documents).toEqual([
      { id: '5e1f0c2a-2222-4a2b-9c3d-000000000201', order: 1, name: 'contrato-4711.pdf' },
      { id: '5e1f0c2a-2222-4a2b-9c3d-000000000202', order: 2, name: 'anexo-tabela-de-precos.pdf' },
    ]);
    expect(result.recipients[1]).toEqual({
      id: '5e1f0c2a-3333-4a2b-9c3d-000000000302',
      order: 2,
      deliveryAddress: 'joao.teste@example.com',
      name: 'Joao Teste Pereira',
      attachmentRequests: [{ id: '5e1f0c2a-4444-4a2b-9c3d-000000000401', name: 'Contrato Social' }],
    });
    expect(result.recipients[0].attachmentRequests).toEqual([]);
  });

  it('fails when the process id is missing (the caller cannot know what was created)', () => {
    expect(() => mapSendProcess({ documentos: [] })).toThrow(ResponseShapeError);
    expect(() => mapSendProcess('ok')).toThrow(ResponseShapeError);
  });
});

describe('mapProcessDetails (3.2)', () => {
  it.each(CASINGS)('maps GET v2 recased to %s', (casing) => {
    const p = mapProcessDetails(PROCESS_ID, recase(loadFixture('get-process-v2-response.json'), casing));
    expect(p).toMatchObject({
      processId: PROCESS_ID,
      name: 'Contrato de Prestacao de Servicos - Pedido 4711',
      folderPath: 'Empresa Exemplo \\ Comercial \\ Contratos',
      status: 'CONCLUDED',
      statusText: 'Concluído',
      reminders: true,
      expirationDays: 30,
      cancelledAt: null,
    });
    expect(p.concludedAt?.toISOString()).toBe('2025-03-11T09:10:42.000Z');
    expect(p.signers).toHaveLength(2);
    const [maria, joao] = p.signers;
    expect(maria).toMatchObject({
      action: 'SIGN',
      waitingForTurn: false,
      refused: false,
      signed: true,
      hasSecurityCode: true,
      naturalPersonRoles: ['Contratante'],
      legalEntityRoles: [],
    });
    expect(JSON.stringify(maria)).not.toContain('4821'); // the security code is never returned (docs/arqsign-gaps.md#gap-29)
    expect(maria.signature?.naturalPerson?.documentNumber).toBe('12345678909'); // "numeroDocumeto" typo read
    expect(maria.signature?.certificate).toBeNull(); // all-null certificate block
    expect(joao.signature?.legalEntity).toEqual({ name: 'Empresa Ficticia de Testes Ltda', documentType: 'CNPJ', documentNumber: '11222333000181' });
    expect(joao.signature?.attachments).toEqual([{ id: '5e1f0c2a-4444-4a2b-9c3d-000000000451', name: 'Contrato Social' }]);
    expect(p.documents[0]).toEqual({
      id: '5e1f0c2a-2222-4a2b-9c3d-000000000201',
      order: 1,
      name: 'contrato-4711.pdf',
      contentBase64: 'JVBERi0xLjQKJSBzaWduZWQgQQolJUVPRgo=',
      signatureRecord: { name: 'contrato-4711_Registro de assinaturas.pdf', contentBase64: 'JVBERi0xLjQKJSByZWNvcmQgQQolJUVPRgo=' },
    });
  });

  it('reads a pending, refused signer with string flags', () => {
    const p = mapProcessDetails(PROCESS_ID, {
      status: 'Cancelado',
      signatarios: [{ id: 's1', assinaturaRecusada: 'true', motivoRecusa: 'Valor errado', falhaEnvio: '0', dadosAssinatura: { dataAssinatura: null }, tipoAcao: 'Receber uma cópia' }],
    });
    expect(p.status).toBe('CANCELLED');
    expect(p.signers[0]).toMatchObject({ refused: true, refusalReason: 'Valor errado', deliveryFailed: false, signed: false, action: 'COPY' });
  });
});

describe('mapSignatureData on a PascalCase webhook signer', () => {
  it('reads the correct spelling NumeroDocumentoPessoaFisica', () => {
    const webhook = LenientRecord.of(loadFixture('webhook-signed-by-one.json'))!;
    const data = mapSignatureData(webhook.records('signatarios')[0].record('dadosAssinatura'));
    expect(data?.naturalPerson).toEqual({ name: 'Maria Exemplo da Silva', documentType: 'CPF', documentNumber: '12345678909' });
    expect(data?.ip).toBe('203.0.113.10');
  });
});

describe('mapResend (3.3)', () => {
  it.each(CASINGS)('maps pending recipients recased to %s', (casing) => {
    expect(mapResend(recase(loadFixture('resend-response.json'), casing))).toEqual([
      {
        id: '5e1f0c2a-3333-4a2b-9c3d-000000000302',
        order: 2,
        deliveryAddress: 'joao.pereira.novo@example.com',
        name: 'Joao Teste Pereira',
        attachmentRequests: [{ id: '5e1f0c2a-4444-4a2b-9c3d-000000000401', name: 'Contrato Social' }],
      },
    ]);
  });

  it('treats an empty body as no pending recipients and rejects an object', () => {
    expect(mapResend(undefined)).toEqual([]);
    expect(() => mapResend({})).toThrow(ResponseShapeError);
  });
});

describe('status and signer data (3.4, 3.5)', () => {
  it.each([
    [{ NomeProcesso: 'P', Status: 'Em processo' }],
    [{ nomeProcesso: 'P', status: 'em processo' }],
  ])('maps %j', (body) => {
    expect(mapProcessStatus(PROCESS_ID, body)).toEqual({ processId: PROCESS_ID, name: 'P', status: 'IN_PROGRESS', statusText: expect.any(String) });
  });

  it('requires a status', () => {
    expect(() => mapProcessStatus(PROCESS_ID, { NomeProcesso: 'P' })).toThrow(ResponseShapeError);
  });

  it.each(CASINGS)('maps the v1 signer data with documented PascalCase keys, recased to %s', (casing) => {
    const body = recase(
      {
        nomeProcesso: 'P',
        status: 'Aguardando',
        dataExpiracao: '2025-04-09T13:00:05',
        signatarios: [
          {
            ordem: 1, IdProcessoDestinatario: 'r1', nome: 'Maria', idTipoAssinatura: 1, IdFormaEnvioProcesso: 2,
            email: null, telefone: '5511999990000', tipoAcao: 'Assinar Online', IdMeioEnvioCodigoSeguranca: 3,
            emailSeguranca: 'm@example.com', telefoneSeguranca: null, permitirReenviarCodigo: 0, falhaEnvio: 'true', assinado: 1,
          },
        ],
      },
      casing,
    );
    const summary = mapSignersSummary(PROCESS_ID, body);
    expect(summary).toMatchObject({ status: 'WAITING', name: 'P' });
    expect(summary.expiresAt?.toISOString()).toBe('2025-04-09T13:00:05.000Z');
    expect(summary.signers[0]).toEqual({
      id: 'r1', order: 1, name: 'Maria', signatureTypeId: 1, deliveryChannel: 'WHATSAPP', email: null, phone: '5511999990000',
      actionText: 'Assinar Online', securityCodeChannelId: 3, securityEmail: 'm@example.com', securityPhone: null,
      allowResendCode: false, deliveryFailed: true, signed: true,
    });
  });
});

describe('cancel message (3.6, docs/arqsign-gaps.md#gap-25)', () => {
  it('reads a bare JSON string, plain text or an object', () => {
    expect(mapCancelMessage('Documento cancelado com sucesso')).toBe('Documento cancelado com sucesso');
    expect(mapCancelMessage({ Mensagem: 'ok' })).toBe('ok');
    expect(mapCancelMessage(undefined)).toBeNull();
  });
});

describe('attachments and signature record (3.7, 3.8)', () => {
  it.each(CASINGS)('maps attachments recased to %s', (casing) => {
    const body = recase([{ idSignatario: 's1', nome: 'Maria', anexos: [{ id: 'a1', nome: 'RG - rg.pdf', arquivo: 'https://x.example/a1' }] }, { idSignatario: 's2', nome: 'Joao', anexos: null }], casing);
    expect(mapSignerAttachments(body, 'link')).toEqual([
      { signerId: 's1', name: 'Maria', attachments: [{ id: 'a1', name: 'RG - rg.pdf', content: 'https://x.example/a1', kind: 'link' }] },
      { signerId: 's2', name: 'Joao', attachments: [] },
    ]);
  });

  it.each(CASINGS)('maps a signature record recased to %s', (casing) => {
    const body = recase({ idArquivoProcesso: 'd1', nome: 'C_Registro de Assinaturas.pdf', base64: 'JVBERi0=' }, casing);
    expect(mapSignatureRecord('d1', body)).toEqual({ documentId: 'd1', name: 'C_Registro de Assinaturas.pdf', contentBase64: 'JVBERi0=' });
  });
});

describe('account endpoints (3.9 – 3.13)', () => {
  it.each(CASINGS)('maps folders recased to %s', (casing) => {
    const body = recase(
      [{ id: 'f1', nome: 'Raiz', caminhoCompleto: 'Raiz', status: 'Ativa', filhos: [{ id: 'f2', nome: 'Velha', caminhoCompleto: 'Raiz|Velha', status: 'Excluída', possuiFilhos: 'false' }] }, { id: 'f3', nome: 'X', caminhoCompleto: 'A|X', status: 'Ativa', filhos: null }],
      casing,
    );
    const [root, leaf] = mapFolders(body);
    expect(root).toMatchObject({ id: 'f1', active: true, children: [{ id: 'f2', active: false, statusText: 'Excluída', hasChildren: false, fullPath: 'Raiz|Velha' }] });
    expect(leaf.children).toBeNull();
  });

  it.each(CASINGS)('maps users with numeric or word status, recased to %s', (casing) => {
    const body = recase([{ id: 'u1', nome: 'Ana', status: 1, remetente: true }, { id: 'u2', nome: 'Bia', status: 'Bloqueado', remetente: 'false' }], casing);
    expect(mapUsers(body)).toEqual([
      { id: 'u1', name: 'Ana', status: 'ACTIVE', canSend: true },
      { id: 'u2', name: 'Bia', status: 'BLOCKED', canSend: false },
    ]);
  });

  it.each(CASINGS)('maps roles recased to %s', (casing) => {
    expect(mapRoles(recase([{ id: 'p1', nome: 'Testemunha', padrao: 1 }], casing))).toEqual([{ id: 'p1', name: 'Testemunha', isDefault: true }]);
  });

  it.each(CASINGS)('maps usage recased to %s', (casing) => {
    const body = recase({ idConta: 'c1', nomeConta: 'Conta', itens: [{ id: 1, nome: 'Envio', quantidade: 3 }] }, casing);
    expect(mapUsage(body)).toEqual({ accountId: 'c1', accountName: 'Conta', items: [{ id: 1, name: 'Envio', quantity: 3 }] });
  });

  it.each(CASINGS)('maps account data (documented `Conta`) recased to %s', (casing) => {
    const body = recase(
      {
        Conta: { id: 'c1', nome: 'Empresa', idStatus: 1, status: 'Ativo' },
        plano: { id: 'pl', tipoPlano: 'C', nome: 'API Corporativo', periodo: 'M', valor: '99.9' },
        assinatura: { id: 'as', inicioVigencia: '2025-01-01', fimVigencia: '2025-12-31', trial: 0, itens: [{ id: 1, nome: 'Envios', saldo: 0, permiteExcedente: 'false' }] },
      },
      casing,
    );
    const account = mapAccount(body);
    expect(account.account).toEqual({ id: 'c1', name: 'Empresa', status: 'ACTIVE', statusText: 'Ativo' });
    expect(account.plan).toEqual({ id: 'pl', type: 'C', name: 'API Corporativo', period: 'M', value: 99.9 });
    expect(account.subscription?.validTo?.toISOString()).toBe('2025-12-31T00:00:00.000Z');
    expect(account.subscription?.items).toEqual([{ id: 1, name: 'Envios', balance: 0, allowsOverage: false }]);
  });
});

describe('webhook configurations (3.14, 3.15)', () => {
  it.each(CASINGS)('maps the create response recased to %s', (casing) => {
    expect(mapCreatedWebhookConfig(recase(loadFixture('webhook-config-create-response.json'), casing))).toEqual({
      id: '7d9e8f10-5555-4c6d-8e7f-000000000501',
      name: 'ERP - Acompanhamento',
      hmacSecret: 'example-hmac-secret-tracking-0001',
    });
  });

  it.each(CASINGS)('maps the list recased to %s, including status 3 and an inactive trigger', (casing) => {
    const [tracking, conclusion] = mapWebhookConfigs(recase(loadFixture('webhook-config-list-response.json'), casing));
    expect(tracking).toMatchObject({ status: 'ACTIVE', waitForResponse: true, hmacSecret: 'example-hmac-secret-tracking-0001', folders: ['0a1b2c3d-0000-4000-8000-0000000000f1'] });
    expect(tracking.triggers.map((t) => t.id)).toEqual([2, 3, 4, 5, 6]);
    expect(conclusion.status).toBe('INACTIVE_BY_FAILURES');
    expect(conclusion.triggers).toEqual([{ id: 8, name: 'Processo assinado/concluído por todos os signatários', active: false }]);
    expect(conclusion.returnData).toEqual({ process: true, signers: true, documents: true, documentsType: 2, sharedDocumentLink: true, signatureRecords: true, signatureRecordsType: 2 });
  });

  it('reads the create-request spellings too (docs/arqsign-gaps.md#gap-06)', () => {
    const [config] = mapWebhookConfigs([{ id: 'w', status: '2', aguardarRetorno: 'true', dadosRetorno: { linkDocCompartilhado: 1 }, gatilhos: [8] }]);
    expect(config).toMatchObject({ status: 'INACTIVE', waitForResponse: true, returnData: { sharedDocumentLink: true }, triggers: [{ id: 8, name: null, active: null }] });
  });
});

describe('enumeration parsers', () => {
  it.each([
    ['Criado', 'CREATED'], ['aguardando', 'WAITING'], ['EM PROCESSO', 'IN_PROGRESS'], ['Concluido', 'CONCLUDED'],
    ['Cancelado', 'CANCELLED'], [4, 'CONCLUDED'], ['5', 'CANCELLED'], ['Vencido', 'UNKNOWN'], [null, 'UNKNOWN'],
  ])('process status %j → %s', (input, expected) => {
    expect(parseProcessStatus(input)).toBe(expected);
  });

  it('signer action and user status', () => {
    expect(parseSignerAction('Assina Online')).toBe('SIGN');
    expect(parseSignerAction('Receber uma cópia')).toBe('COPY');
    expect(parseSignerAction('?')).toBe('UNKNOWN');
    expect(parseUserStatus('Inativo')).toBe('INACTIVE');
    expect(parseUserStatus(3)).toBe('BLOCKED');
    expect(parseUserStatus(9)).toBe('UNKNOWN');
  });
});
