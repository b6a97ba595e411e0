/**
 * Raw ArqSIGN JSON → normalized results. Every read is case-insensitive and lenient; only the
 * fields a result cannot exist without (ids) are required, everything else becomes `null`.
 */
import type {
  AccountSubscription,
  AccountUserStatus,
  AccountUser,
  ArqsignProcessStatus,
  AttachmentRequest,
  CreatedWebhookConfig,
  DeliveryChannel,
  Folder,
  FolderChild,
  PendingRecipient,
  ProcessDetails,
  ProcessDocument,
  ProcessSigner,
  ProcessStatusResult,
  SendProcessResult,
  SignatureData,
  SignatureRecord,
  SignerAction,
  SignerAttachments,
  SignerRole,
  SignersSummary,
  UsageReport,
  WebhookConfig,
  WebhookConfigStatus,
} from './arqsign.types';
import { LenientRecord, normalizeLabel, parseInteger, parseString } from './lenient';

/** The body lacks what the result needs (e.g. no `IdProcesso`). */
export class ResponseShapeError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'ResponseShapeError';
  }
}

function objectBody(body: unknown, what: string): LenientRecord {
  const record = LenientRecord.of(body);
  if (!record) throw new ResponseShapeError(`${what}: expected a JSON object`);
  return record;
}

function arrayBody(body: unknown, what: string): LenientRecord[] {
  if (body === null || body === undefined || body === '') return [];
  if (!Array.isArray(body)) throw new ResponseShapeError(`${what}: expected a JSON array`);
  return body.flatMap((item) => LenientRecord.of(item) ?? []);
}

function requiredId(record: LenientRecord, what: string, ...keys: string[]): string {
  const id = record.string(...keys);
  if (!id) throw new ResponseShapeError(`${what}: missing ${keys[0]}`);
  return id;
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

// ---------------------------------------------------------------------------------------------

const STATUS_BY_LABEL: Record<string, ArqsignProcessStatus> = {
  criado: 'CREATED',
  aguardando: 'WAITING',
  'em processo': 'IN_PROGRESS',
  concluido: 'CONCLUDED',
  cancelado: 'CANCELLED',
};
const STATUS_BY_ID: Record<number, ArqsignProcessStatus> = {
  1: 'CREATED',
  2: 'WAITING',
  3: 'IN_PROGRESS',
  4: 'CONCLUDED',
  5: 'CANCELLED',
};

/** Process status from its label (accents/case ignored) or its numeric id 1–5 (docs/arqsign.md#enumerations, docs/arqsign-gaps.md#gap-15). */
export function parseProcessStatus(value: unknown): ArqsignProcessStatus {
  const id = parseInteger(value);
  if (id !== undefined) return STATUS_BY_ID[id] ?? 'UNKNOWN';
  const text = parseString(value);
  return (text && STATUS_BY_LABEL[normalizeLabel(text)]) || 'UNKNOWN';
}

export function parseSignerAction(value: unknown): SignerAction {
  const text = parseString(value);
  if (!text) return 'UNKNOWN';
  const label = normalizeLabel(text);
  if (label.startsWith('assina')) return 'SIGN'; // "Assinar Online" / "Assina Online" (docs/arqsign-gaps.md#gap-24)
  if (label.includes('copia')) return 'COPY';
  return 'UNKNOWN';
}

const USER_STATUS_BY_ID: Record<number, AccountUserStatus> = { 1: 'ACTIVE', 2: 'INACTIVE', 3: 'BLOCKED', 4: 'PENDING' };
const USER_STATUS_BY_LABEL: Record<string, AccountUserStatus> = {
  ativo: 'ACTIVE',
  inativo: 'INACTIVE',
  bloqueado: 'BLOCKED',
  pendente: 'PENDING',
};

/** User/account status as a number 1–4 or a word (docs/arqsign-gaps.md#gap-09). */
export function parseUserStatus(value: unknown): AccountUserStatus {
  const id = parseInteger(value);
  if (id !== undefined) return USER_STATUS_BY_ID[id] ?? 'UNKNOWN';
  const text = parseString(value);
  return (text && USER_STATUS_BY_LABEL[normalizeLabel(text)]) || 'UNKNOWN';
}

function folderActive(statusText: string | undefined): boolean | null {
  if (!statusText) return null;
  const label = normalizeLabel(statusText);
  return label === 'ativa' ? true : label === 'excluida' ? false : null;
}

function deliveryChannel(value: unknown): DeliveryChannel {
  const id = parseInteger(value);
  return id === 1 ? 'EMAIL' : id === 2 ? 'WHATSAPP' : 'UNKNOWN';
}

function attachmentRequests(items: LenientRecord[], idKeys: string[], nameKeys: string[]): AttachmentRequest[] {
  return items.flatMap((item) => {
    const id = item.string(...idKeys);
    return id ? [{ id, name: orNull(item.string(...nameKeys)) }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// 3.1

export function mapSendProcess(body: unknown): SendProcessResult {
  const r = objectBody(body, 'send response');
  return {
    processId: requiredId(r, 'send response', 'IdProcesso', 'idProcesso'),
    documents: r.records('documentos').flatMap((d) => {
      const id = d.string('id', 'idArquivoProcesso');
      return id ? [{ id, order: orNull(d.integer('ordem', 'ordemDocumento')), name: orNull(d.string('nome', 'nomeDocumento')) }] : [];
    }),
    recipients: r.records('destinatarios').flatMap((d) => {
      const id = d.string('idProcessoDestinatario', 'id');
      if (!id) return [];
      return [
        {
          id,
          order: orNull(d.integer('ordem', 'ordemAssinatura')),
          deliveryAddress: orNull(d.string('formaEnvio', 'formaEnvioProcesso')),
          name: orNull(d.string('nomeSignatario', 'nome')),
          attachmentRequests: attachmentRequests(d.records('configuracoesAnexos', 'anexos'), ['id'], ['nome']),
        },
      ];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// 3.2

export function mapProcessDetails(processId: string, body: unknown): ProcessDetails {
  const r = objectBody(body, 'process');
  const statusText = r.string('status', 'statusProcesso');
  return {
    processId: r.string('idProcesso', 'id') ?? processId,
    name: orNull(r.string('nomeProcesso')),
    folderId: orNull(r.string('idPasta')),
    folderPath: orNull(r.string('caminhoDaPasta')),
    responsibleId: orNull(r.string('idResponsavel')),
    responsibleName: orNull(r.string('nomeResponsavel')),
    status: parseProcessStatus(statusText ?? r.value('idStatusProcesso')),
    statusText: orNull(statusText),
    createdAt: orNull(r.date('dataCadastro')),
    sentAt: orNull(r.date('dataEnvio')),
    concludedAt: orNull(r.date('dataConclusao')),
    renewalAt: orNull(r.date('dataRenovacao')),
    cancelledAt: orNull(r.date('dataCancelamento')),
    cancelledBy: orNull(r.string('usuarioCancelamento')),
    resentAt: orNull(r.date('dataReenvio')),
    expiresAt: orNull(r.date('dataExpiracao')),
    expirationDays: orNull(r.integer('expiracaoDias')),
    expirationWarningDays: orNull(r.integer('avisoExpiracaoDias')),
    reminders: orNull(r.boolean('lembrete')),
    reminderFrequencyDays: orNull(r.integer('frequenciaLembrete')),
    signers: r.records('signatarios').flatMap((s) => mapProcessSigner(s) ?? []),
    documents: r.records('documentos').flatMap((d) => mapProcessDocument(d) ?? []),
  };
}

function mapProcessSigner(s: LenientRecord): ProcessSigner | undefined {
  const id = s.string('id', 'idProcessoDestinatario');
  if (!id) return undefined;
  const roles = s.record('papelSignatario');
  const signature = mapSignatureData(s.record('dadosAssinatura'));
  const actionText = s.string('tipoAcao');
  return {
    id,
    order: orNull(s.integer('ordemAssinatura', 'ordem')),
    name: orNull(s.string('nome')),
    email: orNull(s.string('email')),
    phone: orNull(s.string('telefone')),
    action: parseSignerAction(actionText),
    actionText: orNull(actionText),
    waitingForTurn: s.boolean('aguardandoEnvio') ?? false,
    deliveryFailed: s.boolean('falhaEnvio') ?? false,
    copySent: s.boolean('copiaEnviada') ?? false,
    isSender: s.boolean('remetente') ?? false,
    refused: s.boolean('assinaturaRecusada') ?? false,
    refusalReason: orNull(s.string('motivoRecusa')),
    naturalPersonRoles: roles?.strings('pessoaFisica') ?? [],
    legalEntityRoles: roles?.strings('pessoaJuridica') ?? [],
    hasSecurityCode: s.record('seguranca')?.string('codigoSeguranca') !== undefined,
    signed: signature?.signedAt != null,
    signature,
  };
}

/** `dadosAssinatura` of GET v2 (and webhooks): reads both spellings of the PF number (docs/arqsign-gaps.md#gap-24). */
export function mapSignatureData(d: LenientRecord | undefined): SignatureData | null {
  if (!d) return null;
  const cert = d.record('dadosCertificado');
  const pf = d.record('dadosPessoaFisica');
  const pj = d.record('dadosPessoaJuridica');
  const certificate = cert && {
    name: orNull(cert.string('nome')),
    issuer: orNull(cert.string('emissor')),
    validFrom: orNull(cert.string('validadeInicio')),
    validTo: orNull(cert.string('validadeFim')),
  };
  return {
    type: orNull(d.string('tipoAssinatura')),
    signedAt: orNull(d.date('dataAssinatura')),
    ip: orNull(d.string('ip')),
    geoLocation: orNull(d.string('geoLocalizacao')),
    certificate: certificate && Object.values(certificate).some((v) => v !== null) ? certificate : null,
    naturalPerson: pf
      ? {
          name: orNull(pf.string('nomePessoaFisica', 'nome')),
          documentType: orNull(pf.string('tipoDocumentoPessoaFisica', 'tipoDocumento')),
          documentNumber: orNull(pf.string('numeroDocumentoPessoaFisica', 'numeroDocumetoPessoaFisica', 'numeroDocumento')),
        }
      : null,
    legalEntity: pj
      ? {
          name: orNull(pj.string('nomeEmpresa', 'nome')),
          documentType: orNull(pj.string('tipoDocumentoEmpresa', 'tipoDocumento')),
          documentNumber: orNull(pj.string('numeroDocumentoEmpresa', 'numeroDocumento')),
        }
      : null,
    attachments: attachmentRequests(d.records('anexos'), ['id'], ['anexoDocumentoNome', 'nome']),
  };
}

function mapProcessDocument(d: LenientRecord): ProcessDocument | undefined {
  const id = d.string('id', 'idArquivoProcesso');
  if (!id) return undefined;
  const record = d.record('registroAssinaturas', 'registrosAssinaturas');
  return {
    id,
    order: orNull(d.integer('ordemDocumento', 'ordem')),
    name: orNull(d.string('nomeDocumento', 'nome')),
    contentBase64: orNull(d.string('base64Documento')),
    signatureRecord: record
      ? { name: orNull(record.string('nome', 'nomeRegistro')), contentBase64: orNull(record.string('base64', 'base64Registro')) }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// 3.3

export function mapResend(body: unknown): PendingRecipient[] {
  return arrayBody(body, 'resend response').flatMap((p) => {
    const id = p.string('idProcessoDestinatario', 'id');
    if (!id) return [];
    return [
      {
        id,
        order: orNull(p.integer('ordem', 'ordemAssinatura')),
        deliveryAddress: orNull(p.string('formaEnvioProcesso', 'formaEnvio')),
        name: orNull(p.string('nome', 'nomeSignatario')),
        attachmentRequests: attachmentRequests(p.records('anexos'), ['idConfiguracaoAnexo', 'id'], ['nomeAnexo', 'nome']),
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// 3.4, 3.5

export function mapProcessStatus(processId: string, body: unknown): ProcessStatusResult {
  const r = objectBody(body, 'status response');
  const statusText = r.string('status', 'statusProcesso');
  if (!statusText) throw new ResponseShapeError('status response: missing Status');
  return { processId, name: orNull(r.string('nomeProcesso')), status: parseProcessStatus(statusText), statusText };
}

export function mapSignersSummary(processId: string, body: unknown): SignersSummary {
  const r = objectBody(body, 'signer data');
  const statusText = r.string('status', 'statusProcesso');
  return {
    processId,
    name: orNull(r.string('nomeProcesso')),
    status: parseProcessStatus(statusText),
    statusText: orNull(statusText),
    expiresAt: orNull(r.date('dataExpiracao')),
    signers: r.records('signatarios').flatMap((s) => {
      const id = s.string('idProcessoDestinatario', 'id');
      if (!id) return [];
      return [
        {
          id,
          order: orNull(s.integer('ordem', 'ordemAssinatura')),
          name: orNull(s.string('nome')),
          signatureTypeId: orNull(s.integer('idTipoAssinatura')),
          deliveryChannel: deliveryChannel(s.value('idFormaEnvioProcesso', 'idFormaEnvio')),
          email: orNull(s.string('email')),
          phone: orNull(s.string('telefone')),
          actionText: orNull(s.string('tipoAcao')),
          securityCodeChannelId: orNull(s.integer('idMeioEnvioCodigoSeguranca')),
          securityEmail: orNull(s.string('emailSeguranca')),
          securityPhone: orNull(s.string('telefoneSeguranca')),
          allowResendCode: orNull(s.boolean('permitirReenviarCodigo')),
          deliveryFailed: s.boolean('falhaEnvio') ?? false,
          signed: s.boolean('assinado') ?? false,
        },
      ];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// 3.6 (success body is a bare message: JSON string, plain text or an object)

export function mapCancelMessage(body: unknown): string | null {
  if (typeof body === 'string') return parseString(body) ?? null;
  const r = LenientRecord.of(body);
  return orNull(r?.string('mensagem', 'message'));
}

// ---------------------------------------------------------------------------------------------
// 3.7, 3.8

export function mapSignerAttachments(body: unknown, kind: 'base64' | 'link'): SignerAttachments[] {
  return arrayBody(body, 'attachments response').flatMap((s) => {
    const signerId = s.string('idSignatario', 'idProcessoDestinatario', 'id');
    if (!signerId) return [];
    return [
      {
        signerId,
        name: orNull(s.string('nome')),
        attachments: s.records('anexos').flatMap((a) => {
          const id = a.string('id');
          return id ? [{ id, name: orNull(a.string('nome')), content: orNull(a.string('arquivo')), kind }] : [];
        }),
      },
    ];
  });
}

export function mapSignatureRecord(documentId: string, body: unknown): SignatureRecord {
  const r = objectBody(body, 'signature record');
  return {
    documentId: r.string('idArquivoProcesso', 'id') ?? documentId,
    name: orNull(r.string('nome')),
    contentBase64: orNull(r.string('base64')),
  };
}

// ---------------------------------------------------------------------------------------------
// 3.9 – 3.13

export function mapFolders(body: unknown): Folder[] {
  return arrayBody(body, 'folders response').flatMap((f) => {
    const id = f.string('id', 'idPasta');
    if (!id) return [];
    const statusText = f.string('status');
    const children = f.value('filhos');
    return [
      {
        id,
        name: orNull(f.string('nome')),
        fullPath: orNull(f.string('caminhoCompleto')),
        active: folderActive(statusText),
        statusText: orNull(statusText),
        children: Array.isArray(children) ? f.records('filhos').flatMap((c) => mapFolderChild(c) ?? []) : null,
      },
    ];
  });
}

function mapFolderChild(c: LenientRecord): FolderChild | undefined {
  const id = c.string('id', 'idPasta');
  if (!id) return undefined;
  const statusText = c.string('status');
  return {
    id,
    name: orNull(c.string('nome')),
    fullPath: orNull(c.string('caminhoCompleto')),
    active: folderActive(statusText),
    statusText: orNull(statusText),
    hasChildren: orNull(c.boolean('possuiFilhos')),
  };
}

export function mapUsers(body: unknown): AccountUser[] {
  return arrayBody(body, 'users response').flatMap((u) => {
    const id = u.string('id', 'idUsuario');
    return id
      ? [{ id, name: orNull(u.string('nome')), status: parseUserStatus(u.value('status')), canSend: orNull(u.boolean('remetente')) }]
      : [];
  });
}

export function mapRoles(body: unknown): SignerRole[] {
  return arrayBody(body, 'roles response').flatMap((p) => {
    const id = p.string('id');
    return id ? [{ id, name: orNull(p.string('nome')), isDefault: orNull(p.boolean('padrao')) }] : [];
  });
}

export function mapUsage(body: unknown): UsageReport {
  const r = objectBody(body, 'usage response');
  return {
    accountId: orNull(r.string('idConta')),
    accountName: orNull(r.string('nomeConta')),
    items: r.records('itens').map((i) => ({
      id: orNull(i.integer('id', 'item')),
      name: orNull(i.string('nome')),
      quantity: orNull(i.number('quantidade')),
    })),
  };
}

export function mapAccount(body: unknown): AccountSubscription {
  const r = objectBody(body, 'account response');
  const conta = r.record('conta') ?? LenientRecord.orEmpty(undefined);
  const plano = r.record('plano');
  const assinatura = r.record('assinatura');
  const statusText = conta.string('status');
  return {
    account: {
      id: orNull(conta.string('id', 'idConta')),
      name: orNull(conta.string('nome')),
      status: parseUserStatus(conta.value('idStatus') ?? statusText),
      statusText: orNull(statusText),
    },
    plan: plano
      ? {
          id: orNull(plano.string('id')),
          type: orNull(plano.string('tipoPlano')),
          name: orNull(plano.string('nome')),
          period: orNull(plano.string('periodo')),
          value: orNull(plano.number('valor')),
        }
      : null,
    subscription: assinatura
      ? {
          id: orNull(assinatura.string('id')),
          validFrom: orNull(assinatura.date('inicioVigencia')),
          validTo: orNull(assinatura.date('fimVigencia')),
          trial: orNull(assinatura.boolean('trial')),
          items: assinatura.records('itens').map((i) => ({
            id: orNull(i.integer('id')),
            name: orNull(i.string('nome')),
            balance: orNull(i.number('saldo')),
            allowsOverage: orNull(i.boolean('permiteExcedente')),
          })),
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// 3.14, 3.15

export function mapCreatedWebhookConfig(body: unknown): CreatedWebhookConfig {
  const r = objectBody(body, 'webhook config response');
  return {
    id: requiredId(r, 'webhook config response', 'id', 'idConfWebHook', 'idWebhook'),
    name: orNull(r.string('nome')),
    hmacSecret: orNull(r.string('chaveHMAC', 'hmac')),
  };
}

const WEBHOOK_STATUS: Record<number, WebhookConfigStatus> = { 1: 'ACTIVE', 2: 'INACTIVE', 3: 'INACTIVE_BY_FAILURES' };

export function mapWebhookConfigs(body: unknown): WebhookConfig[] {
  return arrayBody(body, 'webhook config list').flatMap((c) => {
    const id = c.string('id', 'idConfWebHook', 'idWebhook');
    if (!id) return [];
    const statusId = c.integer('status', 'idStatus');
    const data = c.record('dadosRetorno');
    return [
      {
        id,
        name: orNull(c.string('nome')),
        status: (statusId !== undefined && WEBHOOK_STATUS[statusId]) || 'UNKNOWN',
        statusId: orNull(statusId),
        url: orNull(c.string('urlPublicar')),
        waitForResponse: orNull(c.boolean('aguardaRetorno', 'aguardarRetorno')),
        hmacSecret: orNull(c.string('hmac', 'chaveHMAC')),
        users: c.strings('usuarios'),
        groups: c.strings('grupos'),
        folders: c.strings('pastas'),
        triggers: c.array('gatilhos').map((g) => {
          const t = LenientRecord.of(g);
          if (!t) return { id: orNull(parseInteger(g)), name: null, active: null }; // a bare trigger id
          return { id: orNull(t.integer('id', 'idGatilho')), name: orNull(t.string('nome')), active: orNull(t.boolean('ativo')) };
        }),
        returnData: data
          ? {
              process: orNull(data.boolean('processo')),
              signers: orNull(data.boolean('signatarios')),
              documents: orNull(data.boolean('documentos')),
              documentsType: orNull(data.integer('documentosTipo')),
              sharedDocumentLink: orNull(data.boolean('linkDocumentoCompartilhado', 'linkDocCompartilhado')),
              signatureRecords: orNull(data.boolean('registrosAssinatura', 'registrosAssinaturas')),
              signatureRecordsType: orNull(data.integer('registrosAssinaturaTipo', 'registrosAssinaturasTipo')),
            }
          : null,
      },
    ];
  });
}
