import { LenientRecord } from '../../arqsign-client';

/**
 * The documents section of a conclusion webhook (docs/arqsign.md#documents-section), read tolerantly: PascalCase or
 * camelCase keys, links under several possible names (docs/arqsign-gaps.md#gap-08), a "Base64" field that actually
 * holds a URL, records as an array (webhook) or a single object (GET v2 style).
 *
 * Only references are kept here (links, and whether Base64 is present): the Base64 itself stays in
 * the payload and is decoded one file at a time when it is stored.
 */
export interface ConclusionFile {
  /** Download link, when the configuration sends links (`…Tipo` = 2). */
  link: string | null;
  /** Base64 content, when it sends Base64 (`…Tipo` = 1). Not copied into job data. */
  base64: string | null;
  /** File name as ArqSIGN wrote it (display only, never a path). */
  name: string | null;
}

export interface ConclusionDocument {
  arqsignDocumentId: string | null;
  order: number | null;
  name: string | null;
  document: ConclusionFile | null;
  record: ConclusionFile | null;
}

const DOCUMENT_LINK_KEYS = ['LinkParaBaixarDocumento', 'LinkDocumento', 'UrlDocumento', 'LinkDownload', 'Link', 'Url'];
const RECORD_LINK_KEYS = ['LinkParaBaixarRegistro', 'LinkRegistro', 'UrlRegistro', 'LinkDownload', 'Link', 'Url'];
const isUrl = (value: string | undefined): value is string => !!value && /^https?:\/\//i.test(value);

/** Every document of the payload's `Documentos` section; an empty array when there is none. */
export function readConclusionDocuments(payload: unknown): ConclusionDocument[] {
  const root = LenientRecord.orEmpty(payload);
  return root.records('Documentos').map((doc) => {
    const name = doc.string('NomeDocumento', 'Nome') ?? null;
    return {
      arqsignDocumentId: doc.string('Id', 'IdDocumento', 'IdArquivoProcesso')?.toLowerCase() ?? null,
      order: doc.integer('OrdemDocumento', 'Ordem') ?? null,
      name,
      document: fileOf(doc, DOCUMENT_LINK_KEYS, ['Base64Documento', 'Base64'], name),
      record: recordOf(doc),
    };
  });
}

function recordOf(doc: LenientRecord): ConclusionFile | null {
  const value = doc.value('RegistroAssinaturas', 'RegistrosAssinaturas', 'RegistroAssinatura');
  const first = Array.isArray(value) ? LenientRecord.of(value.find((item) => LenientRecord.of(item))) : LenientRecord.of(value);
  if (!first) return null;
  return fileOf(first, RECORD_LINK_KEYS, ['Base64Registro', 'Base64'], first.string('NomeRegistro', 'Nome') ?? null);
}

function fileOf(record: LenientRecord, linkKeys: string[], base64Keys: string[], name: string | null): ConclusionFile | null {
  let link = linkKeys.map((key) => record.string(key)).find(isUrl) ?? null;
  let base64 = record.string(...base64Keys) ?? null;
  if (base64 && isUrl(base64)) {
    link ??= base64; // a URL where Base64 was expected (docs/arqsign.md#documents-section "robust client")
    base64 = null;
  }
  if (!link && !base64) return null;
  return { link, base64, name };
}

/**
 * Decodes standard Base64 (whitespace tolerated). Returns null when the text is not Base64 at
 * all, so the caller can fall back to another source instead of storing garbage.
 */
export function decodeBase64(text: string): Buffer | null {
  const compact = text.includes('\n') || text.includes(' ') || text.includes('\r') ? text.replace(/\s+/g, '') : text;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact.length > 64 ? compact.slice(0, 64) : compact)) return null;
  const buffer = Buffer.from(compact, 'base64');
  return buffer.length ? buffer : null;
}
