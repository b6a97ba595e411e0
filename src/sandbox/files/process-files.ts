import { isoUtc } from '../formats';
import type { SimDocument, SimProcess, SimRecipient } from '../state/process-model';
import { buildSignatureRecord, sha256Hex, signDocument, type SignerLine, type StampInfo } from './pdf-signer';

export const SIGNATURE_TYPE_LABELS: Record<number, string> = {
  1: 'Assinatura Eletrônica',
  3: 'Certificado Digital - ICP Brasil',
  4: 'Certificado Digital – Outros',
};

/** Signed files and signature records of a process. */
export class ProcessFiles {
  constructor(private readonly now: () => Date) {}

  /** At conclusion every document gets its signed PDF and its signature record (kept for good). */
  async conclude(process: SimProcess): Promise<void> {
    for (const doc of process.documents) {
      const info = this.stampInfo(process, doc);
      doc.signed = await signDocument(doc.original, info);
      doc.record = await buildSignatureRecord(info, sha256Hex(doc.signed), sha256Hex(doc.original));
    }
  }

  /** The file as it currently stands: signed once concluded, the original before. */
  current(doc: SimDocument): Buffer {
    return doc.signed ?? doc.original;
  }

  /** The stored record, or (open/cancelled process) a record of the signatures so far, built on demand. */
  async record(process: SimProcess, doc: SimDocument): Promise<Buffer> {
    if (doc.record) return doc.record;
    return buildSignatureRecord(this.stampInfo(process, doc), null, sha256Hex(doc.original));
  }

  private stampInfo(process: SimProcess, doc: SimDocument): StampInfo {
    return {
      processId: process.id,
      processName: process.nome,
      documentId: doc.id,
      documentName: doc.nome,
      generatedAt: isoUtc(this.now()) as string,
      status: process.status,
      signers: process.recipients.filter((r) => r.signature).map(signerLine),
    };
  }
}

/** `<name without .pdf>_Registro de assinaturas.pdf` (GET v2 / webhook spelling). */
export function recordFileName(documentName: string, capitalised = false): string {
  const base = documentName.replace(/\.pdf$/i, '');
  return `${base}_Registro de ${capitalised ? 'Assinaturas' : 'assinaturas'}.pdf`;
}

function signerLine(r: SimRecipient): SignerLine {
  const s = r.signature!;
  return {
    nome: r.nome,
    contato: r.email ?? r.telefone ?? '',
    tipoAssinatura: SIGNATURE_TYPE_LABELS[r.idTipoAssinatura ?? 1] ?? SIGNATURE_TYPE_LABELS[1],
    dataAssinatura: isoUtc(s.signedAt) as string,
    ip: s.ip,
    documento: s.pessoaFisica ? `${s.pessoaFisica.tipoDocumento} ${s.pessoaFisica.numeroDocumento}` : null,
    empresa: s.pessoaJuridica
      ? `${s.pessoaJuridica.nomeEmpresa} (${s.pessoaJuridica.tipoDocumento} ${s.pessoaJuridica.numeroDocumento})`
      : null,
  };
}
