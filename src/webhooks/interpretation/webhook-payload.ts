import { isUtf8 } from 'node:buffer';
import { isRecord, LenientRecord, normalizeLabel, parseDate } from '../../arqsign-client';
import { findInputProblem } from '../../shared/http/input-guard';

/**
 * Reading an ArqSIGN webhook body (docs/arqsign.md#payloads): keys case-insensitively (PascalCase as sent,
 * camelCase as in the manual), booleans and dates leniently, every section optional. Pure: the
 * same bytes always give the same interpretation, so a replay re-reads the stored raw body.
 */

/** ArqSIGN's webhook triggers (docs/arqsign.md#triggers). */
export const Trigger = {
  SENT: 1,
  DELIVERY_FAILED: 2,
  SIGNED: 3,
  REFUSED: 4,
  CANCELLED: 5,
  EXPIRED: 6,
  RESENT: 7,
  CONCLUDED: 8,
} as const;
export type Trigger = (typeof Trigger)[keyof typeof Trigger];
const TRIGGERS = new Set<number>(Object.values(Trigger));

/**
 * Event names, folded (accent-free, lower case, letters and digits only): the simulator's / observed
 * names (`ProcessoConcluido` is the only confirmed one) and the manual's trigger labels (docs/arqsign-gaps.md#gap-15).
 */
const TRIGGER_BY_NAME: Record<string, Trigger> = {
  processoenviado: Trigger.SENT,
  processofalhaenvio: Trigger.DELIVERY_FAILED,
  processocomfalhadeenvio: Trigger.DELIVERY_FAILED,
  processoassinado: Trigger.SIGNED,
  processoassinadoporalgumsignatario: Trigger.SIGNED,
  processorecusado: Trigger.REFUSED,
  processorecusadoporalgumsignatario: Trigger.REFUSED,
  processocancelado: Trigger.CANCELLED,
  processocanceladopeloremetente: Trigger.CANCELLED,
  processoexpirado: Trigger.EXPIRED,
  processoreenviado: Trigger.RESENT,
  processoconcluido: Trigger.CONCLUDED,
  processoassinadoconcluidoportodosossignatarios: Trigger.CONCLUDED,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The general block, always sent (docs/arqsign.md#general-block). */
export interface WebhookEnvelope {
  eventName: string | null;
  /** `IdEvento` as sent, or the trigger its name maps to. */
  trigger: number | null;
  /** Lower-case GUID, or null when missing / not a GUID. */
  arqsignProcessId: string | null;
  accountId: string | null;
  webhookId: string | null;
}

export interface WebhookSigner {
  /** `Id` (idProcessoDestinatario), lower case. */
  arqsignSignerId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  order: number | null;
  /** From `TipoAcao` ("Assinar Online" / "Receber uma cópia"); null when absent. */
  copyOnly: boolean | null;
  /** `DadosAssinatura.DataAssinatura`: set once the signer signed. */
  signedAt: Date | null;
  /** ArqSIGN's signature data (no date, no download links, never the security code). */
  signature: Record<string, unknown> | null;
  refused: boolean;
  refusalReason: string | null;
  /** `FalhaEnvio`; null when absent. */
  deliveryFailed: boolean | null;
}

export interface WebhookDocumentRecord {
  name: string | null;
  link: string | null;
  hasBase64: boolean;
}

/** One entry of `Documentos` (conclusion webhook): what the archive needs to fetch it. */
export interface WebhookDocument {
  arqsignDocumentId: string | null;
  order: number | null;
  name: string | null;
  /** Download link (link mode, or a URL found in a Base64 field: docs/arqsign.md#documents-section). */
  link: string | null;
  hasBase64: boolean;
  sharedLink: string | null;
  records: WebhookDocumentRecord[];
}

/** A delivery we understand: its trigger and every fact it carries. */
export interface WebhookEvent extends WebhookEnvelope {
  trigger: Trigger;
  arqsignProcessId: string;
  processName: string | null;
  statusLabel: string | null;
  statusId: number | null;
  sentAt: Date | null;
  concludedAt: Date | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  resentAt: Date | null;
  expiresAt: Date | null;
  signers: WebhookSigner[];
  documents: WebhookDocument[];
}

export type Interpretation =
  /** A known trigger for a process. */
  | { kind: 'event'; event: WebhookEvent }
  /** A process id but an event we don't know: re-read the process from ArqSIGN (docs/arqsign.md#general-block). */
  | { kind: 'unknown-event'; envelope: WebhookEnvelope & { arqsignProcessId: string } }
  /** Nothing usable: quarantine with `reason`. */
  | { kind: 'uninterpretable'; envelope: WebhookEnvelope | null; reason: string };

/** Parses the raw bytes (UTF-8, an optional BOM) as JSON; undefined when they are not JSON. */
export function parseBody(raw: Buffer): unknown {
  try {
    let text = raw.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The body as JSON, or why it cannot be read as storable text (then it is quarantined as bytes). */
export type ReadBody = { json: unknown; problem?: undefined } | { json?: undefined; problem: string };

/**
 * Reads raw bytes (or a body a host parser already parsed) as JSON we may interpret and store:
 * valid UTF-8, and within the same bounds as API input (depth, key counts, no NUL or lone
 * surrogates, no `__proto__`), checked before any recursive code sees it (docs/hostile-input.md).
 * `json` undefined without a problem: the body is not JSON.
 */
export function readBody(raw: Buffer, parsed?: unknown): ReadBody {
  if (parsed === undefined && !isUtf8(raw)) return { problem: 'The body is not valid UTF-8' };
  const json = parsed !== undefined ? parsed : parseBody(raw);
  if (json === undefined) return { json: undefined };
  const problem = findInputProblem(json, 'body');
  return problem ? { problem: `The body cannot be stored as text: ${problem.field} ${problem.problem}` } : { json };
}

/**
 * `readBody` for a body streamed into the database (docs/large-bodies.md): the same verdicts,
 * from what the stream saw (UTF-8, the long strings) and the skeleton (everything else).
 */
export function readSkeleton(skeleton: Buffer | null, streamProblem: string | undefined, utf8: boolean): ReadBody {
  if (!utf8) return { problem: 'The body is not valid UTF-8' };
  if (streamProblem !== undefined) return { problem: streamProblem };
  return skeleton ? readBody(skeleton) : { json: undefined };
}

/** `IdEvento` is stored in a smallint column: a value outside it names no trigger. */
const SMALLINT_MAX = 32767;

/** The general block, as far as it can be read (never throws). */
export function readEnvelope(json: unknown): WebhookEnvelope | null {
  const root = LenientRecord.of(json);
  if (!root) return null;
  const eventName = root.string('Evento', 'evento') ?? null;
  const given = root.integer('IdEvento', 'idEvento');
  const idEvento = given !== undefined && Number.isSafeInteger(given) && given >= 0 && given <= SMALLINT_MAX ? given : undefined;
  const byName = eventName ? TRIGGER_BY_NAME[foldName(eventName)] : undefined;
  const processId = root.string('IdProcesso', 'idProcesso');
  return {
    eventName,
    // Route on IdEvento when it is a known trigger, then on the name (docs/arqsign.md#general-block, docs/arqsign-gaps.md#gap-15).
    trigger: idEvento !== undefined && TRIGGERS.has(idEvento) ? idEvento : (byName ?? idEvento ?? null),
    arqsignProcessId: processId && GUID.test(processId) ? processId.toLowerCase() : null,
    accountId: root.string('IdConta', 'idConta')?.toLowerCase() ?? null,
    webhookId: root.string('IdWebhook', 'idWebhook')?.toLowerCase() ?? null,
  };
}

/** Interprets a parsed body. `json` undefined means the body was not JSON. */
export function interpret(json: unknown): Interpretation {
  if (json === undefined) return { kind: 'uninterpretable', envelope: null, reason: 'The body is not valid JSON' };
  if (!isRecord(json)) return { kind: 'uninterpretable', envelope: null, reason: 'The body is not a JSON object' };
  const envelope = readEnvelope(json)!;
  const root = LenientRecord.orEmpty(json);
  if (!envelope.arqsignProcessId) {
    const given = root.value('IdProcesso', 'idProcesso');
    return { kind: 'uninterpretable', envelope, reason: given === undefined || given === null ? 'IdProcesso is missing' : 'IdProcesso is not a GUID' };
  }
  const processEnvelope = { ...envelope, arqsignProcessId: envelope.arqsignProcessId };
  if (envelope.trigger === null || !TRIGGERS.has(envelope.trigger)) return { kind: 'unknown-event', envelope: processEnvelope };

  return {
    kind: 'event',
    event: {
      ...processEnvelope,
      trigger: envelope.trigger as Trigger,
      processName: root.string('NomeProcesso', 'nomeProcesso') ?? null,
      // `StatusProcesso ?? Status` (docs/arqsign-gaps.md#gap-32).
      statusLabel: root.string('StatusProcesso', 'statusProcesso') ?? root.string('Status', 'status') ?? null,
      statusId: root.integer('IdStatusProcesso', 'idStatusProcesso') ?? null,
      sentAt: date(root, 'DataEnvio'),
      concludedAt: date(root, 'DataConclusao'),
      cancelledAt: date(root, 'DataCancelamento'),
      cancelledBy: root.string('UsuarioCancelamento', 'usuarioCancelamento') ?? null,
      resentAt: date(root, 'DataReenvio'),
      expiresAt: date(root, 'DataExpiracao'),
      signers: root.records('Signatarios', 'signatarios').flatMap((item) => readSigner(item) ?? []),
      documents: root.records('Documentos', 'documentos').map(readDocument),
    },
  };
}

function readSigner(item: LenientRecord): WebhookSigner | undefined {
  const id = item.string('Id', 'id', 'IdProcessoDestinatario');
  if (!id) return undefined;
  const data = item.record('DadosAssinatura', 'dadosAssinatura');
  const action = item.string('TipoAcao', 'tipoAcao');
  return {
    arqsignSignerId: id.toLowerCase(),
    name: item.string('Nome', 'nome') ?? null,
    email: item.string('Email', 'email') ?? null,
    phone: item.string('Telefone', 'telefone') ?? null,
    order: item.integer('OrdemAssinatura', 'ordemAssinatura') ?? null,
    copyOnly: action ? /copia/.test(normalizeLabel(action)) : null,
    signedAt: data ? date(data, 'DataAssinatura') : null,
    signature: data ? signatureOf(data) : null,
    refused: item.boolean('AssinaturaRecusada', 'assinaturaRecusada') ?? false,
    refusalReason: item.string('MotivoRecusa', 'motivoRecusa') ?? null,
    deliveryFailed: item.boolean('FalhaEnvio', 'falhaEnvio') ?? null,
  };
}

/** The same shape a sync stores (signing-processes' `signatureData`), read from the webhook. */
function signatureOf(data: LenientRecord): Record<string, unknown> {
  const certificate = data.record('DadosCertificado', 'dadosCertificado');
  const person = data.record('DadosPessoaFisica', 'dadosPessoaFisica');
  const company = data.record('DadosPessoaJuridica', 'dadosPessoaJuridica');
  const certificateData = certificate
    ? {
        name: certificate.string('Nome') ?? null,
        issuer: certificate.string('Emissor') ?? null,
        validFrom: certificate.string('ValidadeInicio') ?? null,
        validTo: certificate.string('ValidadeFim') ?? null,
      }
    : null;
  return {
    type: data.string('TipoAssinatura') ?? null,
    ip: data.string('Ip') ?? null,
    geoLocation: data.string('GeoLocalizacao') ?? null,
    certificate: certificateData && Object.values(certificateData).some((v) => v !== null) ? certificateData : null,
    naturalPerson: person
      ? {
          name: person.string('NomePessoaFisica') ?? null,
          documentType: person.string('TipoDocumentoPessoaFisica') ?? null,
          documentNumber: person.string('NumeroDocumentoPessoaFisica', 'NumeroDocumetoPessoaFisica') ?? null,
        }
      : null,
    legalEntity: company
      ? {
          name: company.string('NomeEmpresa') ?? null,
          documentType: company.string('TipoDocumentoEmpresa') ?? null,
          documentNumber: company.string('NumeroDocumentoEmpresa') ?? null,
        }
      : null,
    attachments: data.records('Anexos', 'anexos').flatMap((a) => {
      const id = a.string('Id');
      return id ? [{ id: id.toLowerCase(), name: a.string('AnexoDocumentoNome', 'NomeAnexo', 'Nome') ?? null }] : [];
    }),
  };
}

function readDocument(item: LenientRecord): WebhookDocument {
  const base64 = item.string('Base64Documento', 'base64Documento');
  return {
    arqsignDocumentId: item.string('Id', 'id')?.toLowerCase() ?? null,
    order: item.integer('OrdemDocumento', 'ordemDocumento') ?? null,
    name: item.string('NomeDocumento', 'nomeDocumento') ?? null,
    link: firstUrl(item, ['LinkParaBaixarDocumento', 'LinkDocumento', 'UrlDocumento', 'Link', 'Url']) ?? (isUrl(base64) ? base64! : null),
    hasBase64: Boolean(base64) && !isUrl(base64),
    sharedLink: firstUrl(item, ['LinkDocumentosCompartilhados', 'LinkDocumentoCompartilhado']) ?? null,
    records: item.records('RegistroAssinaturas', 'RegistrosAssinaturas', 'RegistroAssinatura').map((record) => {
      const recordBase64 = record.string('Base64Registro');
      return {
        name: record.string('NomeRegistro', 'Nome') ?? null,
        link: firstUrl(record, ['LinkParaBaixarRegistro', 'LinkRegistro', 'UrlRegistro', 'Link', 'Url']) ?? (isUrl(recordBase64) ? recordBase64! : null),
        hasBase64: Boolean(recordBase64) && !isUrl(recordBase64),
      };
    }),
  };
}

function firstUrl(record: LenientRecord, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record.string(key);
    if (isUrl(value)) return value;
  }
  return undefined;
}

function isUrl(value: string | undefined): boolean {
  return value !== undefined && /^https?:\/\//i.test(value);
}

/** A webhook datetime: ISO (no offset = UTC) or day-first (docs/arqsign-gaps.md#gap-07). */
function date(record: LenientRecord, key: string): Date | null {
  return parseDate(record.value(key, key.charAt(0).toLowerCase() + key.slice(1))) ?? null;
}

function foldName(name: string): string {
  return normalizeLabel(name).replace(/[^a-z0-9]/g, '');
}
