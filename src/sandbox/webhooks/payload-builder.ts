import type { DownloadLinks } from '../files/download-links';
import { recordFileName, type ProcessFiles } from '../files/process-files';
import { dataHoraAtual } from '../formats';
import type { SimProcess, SimRecipient } from '../state/process-model';
import { PROCESS_STATUS_IDS } from '../state/process-model';
import type { WebhookConfig } from '../state/webhook-store';
import { processDates, processFields, signerView } from '../views/process-views';
import { EVENT_NAMES, Trigger } from './triggers';

/**
 * The process as it was when the event happened. Retries re-send this state (only `DataHoraAtual`
 * and the download-link tokens are regenerated per attempt, so links are always fresh).
 */
export interface EventSnapshot {
  trigger: number;
  process: SimProcess;
  folderPath: string;
  responsibleName: string;
  /** Signers listed in the payload: only the failing ones (2), only the one who signed (3), else all. */
  signerIds: string[] | null;
}

export function snapshotOf(
  trigger: number,
  process: SimProcess,
  folderPath: string,
  responsibleName: string,
  signerIds?: string[],
): EventSnapshot {
  return { trigger, process: cloneProcess(process), folderPath, responsibleName, signerIds: signerIds ?? null };
}

/** State is never mutated in nested objects (they are replaced), so copying arrays and records is enough. */
function cloneProcess(p: SimProcess): SimProcess {
  return {
    ...p,
    mensagemPadrao: { ...p.mensagemPadrao },
    recipients: p.recipients.map((r): SimRecipient => ({ ...r, uploads: [...r.uploads], anexos: [...r.anexos] })),
    documents: p.documents.map((d) => ({ ...d })),
  };
}

export interface PayloadSettings {
  accountId: string;
  casing: 'pascal' | 'camel';
  legacyStatusField: boolean;
}

/** Builds one trigger's payload (docs/arqsign.md#payloads) for one configuration, camelCase first, then cased. */
export class PayloadBuilder {
  constructor(
    private readonly settings: PayloadSettings,
    private readonly links: DownloadLinks,
    private readonly files: ProcessFiles,
  ) {}

  async build(snapshot: EventSnapshot, config: WebhookConfig, now: Date): Promise<Record<string, unknown>> {
    const { process: p, trigger } = snapshot;
    const sections = config.dadosRetorno;
    const payload: Record<string, unknown> = {
      evento: EVENT_NAMES[trigger],
      idEvento: trigger,
      idProcesso: p.id,
      idConta: this.settings.accountId,
      idWebhook: config.id,
      dataHoraAtual: dataHoraAtual(now),
    };
    if (sections.processo) {
      Object.assign(payload, processFields(p, snapshot.folderPath, snapshot.responsibleName));
      if (this.settings.legacyStatusField) payload.status = p.status;
      payload.statusProcesso = p.status;
      payload.idStatusProcesso = PROCESS_STATUS_IDS[p.status];
      Object.assign(payload, processDates(p));
    }
    if (sections.signatarios) {
      const listed = snapshot.signerIds ? p.recipients.filter((r) => snapshot.signerIds!.includes(r.id)) : p.recipients;
      payload.signatarios = listed.map((r) =>
        signerView(p, r, { getV2Typo: false, attachmentLink: (u) => this.links.url('anexo', u.id) }),
      );
    }
    if (sections.documentos || sections.linkDocCompartilhado || sections.registrosAssinatura) {
      payload.documentos = await this.documents(snapshot, config);
    }
    return this.settings.casing === 'pascal' ? (pascalize(payload) as Record<string, unknown>) : payload;
  }

  /** Only the enabled parts in each item; current files on non-final triggers ([ASSUMED] 4.5.3). */
  private async documents(snapshot: EventSnapshot, config: WebhookConfig) {
    const p = snapshot.process;
    const s = config.dadosRetorno;
    const concluded = p.status === 'Concluído';
    const items = [];
    for (const doc of p.documents) {
      const item: Record<string, unknown> = { id: doc.id, ordemDocumento: doc.ordem, nomeDocumento: doc.nome };
      if (s.documentos) {
        if (s.documentosTipo === 1) item.base64Documento = this.files.current(doc).toString('base64');
        else item.linkParaBaixarDocumento = this.links.url('documento', doc.id);
      }
      if (s.linkDocCompartilhado) {
        // Only at conclusion and only when the process generated a QR code (4.5.3).
        item.linkDocumentosCompartilhados =
          concluded && p.gerarQrCode && snapshot.trigger === Trigger.Concluded ? this.links.url('compartilhado', doc.id) : null;
      }
      if (s.registrosAssinatura) {
        const nomeRegistro = recordFileName(doc.nome);
        item.registroAssinaturas = [
          s.registrosAssinaturaTipo === 1
            ? { nomeRegistro, base64Registro: (await this.files.record(p, doc)).toString('base64') }
            : { nomeRegistro, linkParaBaixarRegistro: this.links.url('registro', doc.id) },
        ];
      }
      items.push(item);
    }
    return items;
  }
}

/** "First letter upper-case" is the only difference between the manual's keys and the observed ones (4.4). */
export function pascalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalize);
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalize(v)]),
    );
  }
  return value;
}
