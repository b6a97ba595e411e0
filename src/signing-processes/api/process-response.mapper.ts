import type { HistoryEntry } from '../domain/history-entry';
import type { SigningProcess } from '../domain/signing-process';
import type { HistoryEntryResponse, ProcessResponse, SignerResponse } from './dto/process.response';
import { SignatureType, SignerAction } from '../domain/process-status';
import { DEFAULT_TYPED_DATA, maskAccessCode } from '../domain/send-options';
import type { SignerProps } from '../domain/signing-process.props';

/** The send options as the client gave them, with defaults applied and the access code masked. */
function sendOptionsView(s: SignerProps): Pick<SignerResponse, 'accessCode' | 'message' | 'attachments' | 'positions' | 'signerData' | 'typedData'> {
  const o = s.options;
  const electronicSigner = s.action === SignerAction.SIGN && o.signatureType === SignatureType.ELECTRONIC;
  const strip = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
  return {
    accessCode: o.accessCode ? { ...o.accessCode, code: maskAccessCode(o.accessCode.code) } : null,
    message: o.message ?? null,
    attachments: o.attachments ?? [],
    positions: (o.positions ?? []).map((p) => strip(p) as SignerResponse['positions'][number]),
    signerData: o.signerData
      ? ({ ...(o.signerData.person ? { person: strip(o.signerData.person) } : {}), ...(o.signerData.company ? { company: strip(o.signerData.company) } : {}), extra: o.signerData.extra } as SignerResponse['signerData'])
      : null,
    typedData: electronicSigner ? (strip({ person: strip(typed(o).person), company: strip(typed(o).company) }) as SignerResponse['typedData']) : null,
  };
}

const typed = (o: SignerProps['options']) => o.typedData ?? DEFAULT_TYPED_DATA;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Whitelists what a client sees of a process (no internal send bookkeeping, no version). */
export function toProcessResponse(process: SigningProcess): ProcessResponse {
  const p = process.view();
  return {
    id: p.id,
    name: p.name,
    externalId: p.externalId,
    status: p.status,
    arqsignProcessId: p.arqsignProcessId,
    clientName: p.clientName,
    signers: p.signers.map((s) => ({
      id: s.id,
      name: s.name,
      email: s.email,
      phone: s.phone,
      order: s.order,
      action: s.action,
      delivery: s.delivery,
      signAs: s.options.signAs,
      signatureType: s.options.signatureType,
      status: s.status,
      signedAt: iso(s.signedAt),
      refusalReason: s.refusalReason,
      arqsignSignerId: s.arqsignSignerId,
      signature: s.signature,
      ...sendOptionsView(s),
    })),
    documents: p.documents.map((d) => ({ id: d.id, fileName: d.fileName, order: d.order, size: d.size, sha256: d.sha256, arqsignDocumentId: d.arqsignDocumentId })),
    archive: p.archive,
    error: p.error,
    refusal: p.refusal,
    settings: p.settings as ProcessResponse['settings'],
    metadata: p.metadata,
    restartedFrom: p.restartedFrom,
    restartedTo: p.restartedTo,
    expiredAt: iso(p.expiredAt),
    completedAt: iso(p.completedAt),
    cancelledAt: iso(p.cancelledAt),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toHistoryEntryResponse(entry: HistoryEntry): HistoryEntryResponse {
  return {
    id: entry.id,
    type: entry.type,
    source: entry.source,
    actor: entry.actor,
    occurredAt: entry.occurredAt.toISOString(),
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    data: entry.data as Record<string, unknown>,
    eventId: entry.eventId,
  };
}
