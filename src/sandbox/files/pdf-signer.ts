import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface SignerLine {
  nome: string;
  contato: string;
  tipoAssinatura: string;
  dataAssinatura: string;
  ip: string;
  documento: string | null;
  empresa: string | null;
}

export interface StampInfo {
  processId: string;
  processName: string;
  documentId: string;
  documentName: string;
  /** Simulator clock, ISO. */
  generatedAt: string;
  status: string;
  signers: SignerLine[];
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const PRODUCER = 'ArqSIGN Simulator (arqsign-bridge sandbox)';
const A4: [number, number] = [595.28, 841.89];

/**
 * The "signed" file: the original with an appended signature page (like ArqSIGN's automatic
 * signature page). When pdf-lib cannot parse the original (the examples carry fake PDF headers),
 * a fresh PDF carries the original's SHA-256 and the same stamp instead. Either way the result is
 * a valid PDF that differs from the original.
 */
export async function signDocument(original: Buffer, info: StampInfo): Promise<Buffer> {
  const originalSha = sha256Hex(original);
  try {
    const doc = await PDFDocument.load(original, { ignoreEncryption: true, updateMetadata: false });
    doc.getPageCount(); // throws for files with a PDF header but no usable page tree
    return await stamp(doc, info, originalSha, true);
  } catch {
    return stamp(await PDFDocument.create(), info, originalSha, false);
  }
}

async function stamp(doc: PDFDocument, info: StampInfo, originalSha: string, parsed: boolean): Promise<Buffer> {
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage(A4);
  const lines: Line[] = [
    { text: 'Página de assinaturas', font: bold, size: 16 },
    { text: '' },
    { text: `Documento: ${info.documentName}` },
    { text: `Id do documento: ${info.documentId}` },
    { text: `Processo: ${info.processName}` },
    { text: `Id do processo: ${info.processId}` },
    { text: `SHA-256 do original: ${originalSha}` },
    { text: parsed ? 'Original preservado nas páginas anteriores.' : 'Original não interpretável como PDF; apenas o hash é registrado.' },
    { text: '' },
    ...signerLines(info.signers, bold),
    { text: '' },
    { text: `Gerado em ${info.generatedAt} (UTC) pelo simulador ArqSIGN. Assinatura simulada, sem validade jurídica.`, size: 8 },
  ];
  drawLines(page, lines, font);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setSubject(`Documento assinado - ${sanitize(info.documentName)}`);
  doc.setKeywords(['arqsign-simulator', 'assinado', `sha256-original:${originalSha}`]);
  return Buffer.from(await doc.save());
}

/** The per-document signature record ("Registro de assinaturas"). */
export async function buildSignatureRecord(info: StampInfo, signedSha256: string | null, originalSha256: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage(A4);
  drawLines(
    page,
    [
      { text: 'Registro de assinaturas', font: bold, size: 16 },
      { text: '' },
      { text: `Documento: ${info.documentName}` },
      { text: `Id do documento: ${info.documentId}` },
      { text: `Processo: ${info.processName} (${info.status})` },
      { text: `Id do processo: ${info.processId}` },
      { text: `SHA-256 do original: ${originalSha256}` },
      { text: `SHA-256 do documento assinado: ${signedSha256 ?? '(processo não concluído)'}` },
      { text: '' },
      ...signerLines(info.signers, bold),
      { text: '' },
      { text: `Gerado em ${info.generatedAt} (UTC) pelo simulador ArqSIGN.`, size: 8 },
    ],
    font,
  );
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setSubject(`Registro de assinaturas - ${sanitize(info.documentName)}`);
  return Buffer.from(await doc.save());
}

/** A small PDF standing in for a file a signer uploaded while signing. */
export async function buildAttachmentPdf(requestName: string, signerName: string, at: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines = [{ text: `Anexo: ${requestName}` }, { text: `Enviado por: ${signerName}` }, { text: `Em: ${at} (UTC)` }];
  drawLines(doc.addPage(A4), lines, font);
  doc.setProducer(PRODUCER);
  return Buffer.from(await doc.save());
}

interface Line {
  text: string;
  font?: PDFFont;
  size?: number;
}

function signerLines(signers: SignerLine[], bold: PDFFont): Line[] {
  if (!signers.length) return [{ text: 'Nenhuma assinatura registrada.' }];
  return signers.flatMap((s, i) => [
    { text: `${i + 1}. ${s.nome} <${s.contato}>`, font: bold },
    { text: `   ${s.tipoAssinatura} em ${s.dataAssinatura} (UTC), IP ${s.ip}` },
    ...(s.documento ? [{ text: `   Documento: ${s.documento}` }] : []),
    ...(s.empresa ? [{ text: `   Empresa: ${s.empresa}` }] : []),
  ]);
}

function drawLines(page: PDFPage, lines: Line[], font: PDFFont): void {
  const { height } = page.getSize();
  let y = height - 60;
  for (const line of lines) {
    const size = line.size ?? 10;
    for (const chunk of wrap(sanitize(line.text), size >= 14 ? 60 : 95)) {
      if (y < 40) return;
      page.drawText(chunk, { x: 50, y, size, font: line.font ?? font, color: rgb(0.1, 0.1, 0.1) });
      y -= size + 5;
    }
  }
}

function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

/** Standard fonts encode WinAnsi: keep Latin-1, map common punctuation, replace the rest. */
function sanitize(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}
