import type { HistoryDataMap, HistoryEntry, HistoryType } from '../domain/history-entry';
import type { ArchiveStatus, ChangeSource, DeliveryChannel, ProcessStatus, SignerAction, SignerStatus } from '../domain/process-status';
import type { SigningProcessProps } from '../domain/signing-process.props';
import { DocumentEntity, HistoryEntity, SignerEntity, SigningProcessEntity } from './entities';

/** Aggregate state ↔ rows. Entities are persistence models only; the domain never sees them. */
export const SigningProcessMapper = {
  toProps(row: SigningProcessEntity, signers: SignerEntity[], documents: DocumentEntity[]): SigningProcessProps {
    return {
      id: row.id,
      clientName: row.clientName,
      name: row.name,
      externalId: row.externalId,
      status: row.status as ProcessStatus,
      arqsignProcessId: row.arqsignProcessId,
      signers: [...signers]
        .sort((a, b) => a.position - b.position)
        .map((s) => ({
          id: s.id,
          name: s.name,
          email: s.email,
          phone: s.phone,
          order: s.signingOrder,
          action: s.action as SignerAction,
          delivery: s.delivery as DeliveryChannel,
          status: s.status as SignerStatus,
          signedAt: s.signedAt,
          refusalReason: s.refusalReason,
          arqsignSignerId: s.arqsignSignerId,
          signature: s.signature,
          options: s.options,
        })),
      documents: [...documents]
        .sort((a, b) => a.documentOrder - b.documentOrder)
        .map((d) => ({ id: d.id, fileName: d.fileName, order: d.documentOrder, size: d.size, sha256: d.sha256.trim(), arqsignDocumentId: d.arqsignDocumentId })),
      settings: row.settings,
      metadata: row.metadata,
      error: row.error,
      refusal: row.refusal,
      archive: { status: row.archiveStatus as ArchiveStatus, error: row.archiveError },
      restartedFrom: row.restartedFrom,
      restartedTo: row.restartedTo,
      sendAttemptedAt: row.sendAttemptedAt,
      sendDeferred: row.sendDeferred,
      expiredAt: row.expiredAt,
      completedAt: row.completedAt,
      cancelledAt: row.cancelledAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
    };
  },

  /** Every column but `id` and `version` (the update sets the version itself). */
  toProcessColumns(p: SigningProcessProps): Omit<SigningProcessEntity, 'id' | 'version'> {
    return {
      clientName: p.clientName,
      name: p.name,
      externalId: p.externalId,
      status: p.status,
      arqsignProcessId: p.arqsignProcessId,
      settings: p.settings,
      metadata: p.metadata,
      error: p.error,
      refusal: p.refusal,
      archiveStatus: p.archive.status,
      archiveError: p.archive.error,
      restartedFrom: p.restartedFrom,
      restartedTo: p.restartedTo,
      sendAttemptedAt: p.sendAttemptedAt,
      sendDeferred: p.sendDeferred,
      expiredAt: p.expiredAt,
      completedAt: p.completedAt,
      cancelledAt: p.cancelledAt,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  },

  toSignerRows(p: SigningProcessProps): SignerEntity[] {
    return p.signers.map((s, position) => ({
      id: s.id,
      processId: p.id,
      position,
      name: s.name,
      email: s.email,
      phone: s.phone,
      signingOrder: s.order,
      action: s.action,
      delivery: s.delivery,
      status: s.status,
      signedAt: s.signedAt,
      refusalReason: s.refusalReason,
      arqsignSignerId: s.arqsignSignerId,
      signature: s.signature,
      options: s.options,
    }));
  },

  toDocumentRows(p: SigningProcessProps): DocumentEntity[] {
    return p.documents.map((d) => ({ id: d.id, processId: p.id, documentOrder: d.order, fileName: d.fileName, size: d.size, sha256: d.sha256, arqsignDocumentId: d.arqsignDocumentId }));
  },

  toHistoryRow(entry: HistoryEntry): Omit<HistoryEntity, 'seq'> {
    return {
      id: entry.id,
      processId: entry.processId,
      type: entry.type,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      data: entry.data as Record<string, unknown>,
      actor: entry.actor,
      source: entry.source,
      occurredAt: entry.occurredAt,
      eventId: entry.eventId,
    };
  },

  toHistoryEntry(row: HistoryEntity): HistoryEntry {
    return {
      id: row.id,
      processId: row.processId,
      type: row.type as HistoryType,
      fromStatus: row.fromStatus as ProcessStatus | null,
      toStatus: row.toStatus as ProcessStatus | null,
      data: row.data as HistoryDataMap[HistoryType],
      actor: row.actor,
      source: row.source as ChangeSource,
      occurredAt: row.occurredAt,
      eventId: row.eventId,
    };
  },
};
