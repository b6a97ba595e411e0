import { randomUUID } from 'node:crypto';
import type { SimClock } from './clock';
import { buildAttachmentPdf } from './files/pdf-signer';
import type { ProcessFiles } from './files/process-files';
import { addDays, addMonths, isoUtc } from './formats';
import { HttpError } from './http/http-io';
import { E_DELETED, PROCESS_STATE, SEND } from './messages';
import type { AccountStore } from './state/account-store';
import type { ProcessStore } from './state/process-store';
import {
  currentOrder,
  isAwaitingTurn,
  isOpen,
  isPendingSigner,
  signers,
  type AttachmentUpload,
  type PrefillData,
  type SignatureData,
  type SimProcess,
  type SimRecipient,
} from './state/process-model';
import { documentTypeLabel, generateCnpj, generateCpf, normalizePhone } from './validation/field-rules';
import type { PrefillEdit, ResendEdit } from './validation/resend.validator';
import type { SendDraft } from './validation/send-process.validator';
import { Trigger } from './webhooks/triggers';

/** A state change worth a webhook: the trigger and (2, 3) the signers it is about. */
export type ProcessEventSink = (trigger: number, process: SimProcess, signerIds?: string[]) => void;

/** Extra details of a simulated signature (control API). */
export interface SignDetails {
  ip?: string;
  geoLocalizacao?: string;
  pessoaFisica?: { nome?: string; tipoDocumento?: string; numeroDocumento?: string };
  pessoaJuridica?: { nomeEmpresa?: string; tipoDocumento?: string; numeroDocumento?: string };
  anexos?: { nome: string; arquivoNome?: string; base64?: string }[];
}

export interface StateMachineDeps {
  processes: ProcessStore;
  account: AccountStore;
  clock: SimClock;
  files: ProcessFiles;
  emit: ProcessEventSink;
}

/** 409 = the simulated action is not possible in the current state (control API only). */
const conflict = (message: string) => new HttpError(409, message);

/**
 * The process life cycle of docs/arqsign.md#status-model: Aguardando → Em processo → Concluído, or → Cancelado
 * (refusal or sender). There is no "expired" status: expiry only fires trigger 6, and a resend
 * restarts the deadline. Every change fires its webhook trigger through `emit`.
 */
export class ProcessStateMachine {
  constructor(private readonly deps: StateMachineDeps) {}

  private get now(): Date {
    return this.deps.clock.now();
  }

  /** 3.1 — processes created through the API are sent at once (status Aguardando) [ASSUMED]. */
  create(draft: SendDraft): SimProcess {
    const { account } = this.deps;
    if (!account.hasBalance(draft.usage)) throw new HttpError(422, SEND.noCredits);
    const now = this.now;
    const owner = account.user(draft.idResponsavel);
    const recipients: SimRecipient[] = draft.recipients.map((r) => ({
      ...r,
      id: randomUUID(),
      anexos: r.anexos.map((a) => ({ ...a, id: randomUUID() })),
      signature: null,
      uploads: [],
      refused: false,
      motivoRecusa: null,
      falhaEnvio: false,
      copiaEnviada: false,
      remetente: !!owner && !!r.email && r.email.toLowerCase() === owner.email.toLowerCase(),
    }));
    const process: SimProcess = {
      id: randomUUID(),
      nome: draft.nomeProcesso,
      idPasta: draft.idPasta,
      idResponsavel: draft.idResponsavel,
      status: 'Aguardando',
      deleted: false,
      dataCadastro: now,
      dataEnvio: now,
      dataConclusao: null,
      dataRenovacao: null,
      dataCancelamento: null,
      usuarioCancelamento: null,
      dataReenvio: null,
      dataExpiracao: addDays(now, draft.expiracaoDias),
      expiryNotified: false,
      expiracaoDias: draft.expiracaoDias,
      avisoExpiracaoDias: draft.avisoExpiracaoDias,
      frequenciaLembrete: draft.frequenciaLembrete,
      gerarQrCode: draft.gerarQrCode,
      obrigarLeitura: draft.obrigarLeitura,
      renovacaoMeses: draft.renovacaoMeses,
      usarOrdemAssinatura: draft.usarOrdemAssinatura,
      usarPosicaoAssinaturaAutomatica: draft.usarPosicaoAssinaturaAutomatica,
      mensagemPadrao: draft.mensagemPadrao,
      recipients,
      documents: draft.documents.map((d) => ({ ...d, id: randomUUID(), signed: null, record: null })),
    };
    account.consume(draft.usage, now);
    this.deps.processes.add(process);
    this.deps.emit(Trigger.Sent, process);
    return process;
  }

  /** A signer signs (control API). Without `signerRef`, the next signer in order signs. */
  async sign(process: SimProcess, signerRef: string | undefined, details: SignDetails = {}): Promise<SimRecipient> {
    this.assertOpen(process);
    const signer = this.signerOnTurn(process, signerRef);
    const now = this.now;
    signer.signature = this.signatureFor(signer, details, now); // set before any await: a concurrent call sees it
    signer.falhaEnvio = false;
    signer.uploads = await this.uploadsFor(signer, details, now);

    const concluded = signers(process).every((r) => r.signature);
    if (concluded) {
      process.status = 'Concluído';
      process.dataConclusao = now;
      process.dataRenovacao = process.renovacaoMeses ? addMonths(now, process.renovacaoMeses) : null;
      process.recipients.filter((r) => r.idTipoAcao === 2).forEach((r) => (r.copiaEnviada = true));
      await this.deps.files.conclude(process);
    } else {
      process.status = 'Em processo';
    }
    this.deps.emit(Trigger.Signed, process, [signer.id]);
    if (concluded) this.deps.emit(Trigger.Concluded, process);
    return signer;
  }

  /** A signer refuses: the process is cancelled (trigger 4 only, [ASSUMED] docs/arqsign-gaps.md#gap-19). */
  refuse(process: SimProcess, signerRef: string | undefined, reason: string | undefined): SimRecipient {
    this.assertOpen(process);
    const signer = this.signerOnTurn(process, signerRef);
    signer.refused = true;
    signer.motivoRecusa = reason?.trim() || 'Recusado pelo signatário.';
    process.status = 'Cancelado';
    process.dataCancelamento = this.now;
    process.usuarioCancelamento = null;
    this.deps.emit(Trigger.Refused, process);
    return signer;
  }

  /** Delivery to a recipient failed (trigger 2 lists only that recipient). */
  failDelivery(process: SimProcess, signerRef: string | undefined): SimRecipient {
    this.assertOpen(process);
    const recipient = signerRef ? this.findRecipient(process, signerRef) : this.nextSigner(process);
    if (recipient.signature || recipient.refused) throw conflict(`O destinatário ${recipient.nome} já assinou.`);
    recipient.falhaEnvio = true;
    this.deps.emit(Trigger.DeliveryFailed, process, [recipient.id]);
    return recipient;
  }

  /** Forces the deadline to pass now (trigger 6); the status stays Aguardando/Em processo. */
  expire(process: SimProcess): void {
    this.assertOpen(process);
    process.dataExpiracao = this.now;
    process.expiryNotified = true;
    this.deps.emit(Trigger.Expired, process);
  }

  /** Fires trigger 6 once per deadline for every open process whose `dataExpiracao` has passed. */
  sweepExpired(): void {
    const now = this.now;
    for (const process of this.deps.processes.all()) {
      if (!process.deleted && isOpen(process) && !process.expiryNotified && now >= process.dataExpiracao) {
        process.expiryNotified = true;
        this.deps.emit(Trigger.Expired, process);
      }
    }
  }

  /** 3.6 (and the web app's cancel): only Aguardando / Em processo; trigger 5. */
  cancel(process: SimProcess): void {
    this.assertCanChange(process);
    process.status = 'Cancelado';
    process.dataCancelamento = this.now;
    process.usuarioCancelamento = this.deps.account.user(process.idResponsavel)?.nome ?? null; // [ASSUMED] owner's name
    this.deps.emit(Trigger.Cancelled, process);
  }

  /** 3.3 — applies the edits, renews every pending signer's link and the deadline; trigger 7 only. */
  resend(process: SimProcess, edits: ResendEdit[]): void {
    this.assertCanChange(process);
    const { account } = this.deps;
    const pending = process.recipients.filter(isPendingSigner);
    const whatsapp = pending.filter((r) => {
      const edit = edits.find((e) => e.recipientId === r.id);
      return edit?.telefone ?? (edit?.email ? null : r.telefone);
    }).length;
    const usage = { 2: whatsapp };
    if (!account.hasBalance(usage)) throw new HttpError(422, SEND.noCredits);

    for (const edit of edits) {
      const r = process.recipients.find((x) => x.id === edit.recipientId);
      if (r) applyEdit(r, edit);
    }
    const now = this.now;
    for (const r of pending) r.falhaEnvio = false;
    process.dataReenvio = now;
    process.dataExpiracao = addDays(now, process.expiracaoDias);
    process.expiryNotified = false;
    account.consume(usage, now);
    this.deps.emit(Trigger.Resent, process);
  }

  /** Logical deletion in the web app: the API then answers `Documento excluído.` */
  delete(process: SimProcess): void {
    process.deleted = true;
  }

  /** The signer who may act now: pending, on turn, with a link that has not expired. */
  private signerOnTurn(process: SimProcess, signerRef: string | undefined): SimRecipient {
    if (this.now >= process.dataExpiracao) {
      throw conflict('Prazo de assinatura expirado: reenvie o processo (reenviar-processo) para renovar o prazo.');
    }
    const signer = signerRef ? this.findRecipient(process, signerRef) : this.nextSigner(process);
    if (!isPendingSigner(signer)) throw conflict(`O destinatário ${signer.nome} não tem assinatura pendente.`);
    if (isAwaitingTurn(process, signer)) throw conflict(`Ainda não é a vez de ${signer.nome} na ordem de assinatura.`);
    return signer;
  }

  private assertOpen(process: SimProcess): void {
    if (process.deleted) throw conflict(E_DELETED);
    if (!isOpen(process)) throw conflict(`O processo está com status "${process.status}".`);
  }

  /** Cancel and resend on a closed process: 422 with the cancel endpoint's messages (3.6, docs/arqsign-gaps.md#gap-28). */
  assertCanChange(process: SimProcess): void {
    if (process.deleted) throw new HttpError(400, E_DELETED);
    if (process.status === 'Concluído') throw new HttpError(422, PROCESS_STATE.isConcluded);
    if (process.status === 'Cancelado') throw new HttpError(422, PROCESS_STATE.isCancelled);
    if (process.status === 'Criado') throw new HttpError(422, PROCESS_STATE.isDraft);
  }

  /** By id, e-mail (case-insensitive) or phone (digits). */
  findRecipient(process: SimProcess, ref: string): SimRecipient {
    const key = ref.trim().toLowerCase();
    const digits = normalizePhone(ref);
    const found = process.recipients.find(
      (r) =>
        r.id === key ||
        r.email?.toLowerCase() === key ||
        (!!digits && !!r.telefone && normalizePhone(r.telefone) === digits),
    );
    if (!found) throw new HttpError(404, `Destinatário não encontrado no processo: ${ref}`);
    return found;
  }

  private nextSigner(process: SimProcess): SimRecipient {
    const order = currentOrder(process);
    const next = process.recipients.find((r) => isPendingSigner(r) && r.ordem === order);
    if (!next) throw conflict('Não há signatário pendente.');
    return next;
  }

  private signatureFor(r: SimRecipient, d: SignDetails, now: Date): SignatureData {
    const seed = parseInt(r.id.replace(/-/g, '').slice(0, 8), 16);
    const electronic = (r.idTipoAssinatura ?? 1) === 1;
    const asPf = r.assinarComo !== 2;
    const asPj = r.assinarComo === 2 || r.assinarComo === 3;
    const pjType = r.tipoDocumentoEmpresaAInformar ?? 5;
    const pfNumber =
      d.pessoaFisica?.numeroDocumento ??
      r.prefillSignatario?.numeroDocumento ??
      (r.exigeNumeroDocumento === false ? '' : sampleNumber(r.tipoDocumentoAInformar, r.configuracaoDocumentoOutro, seed));
    const pjNumber =
      d.pessoaJuridica?.numeroDocumento ??
      r.prefillEmpresa?.numeroDocumento ??
      (r.exigeNumeroDocumentoEmpresa === false ? '' : sampleNumber(pjType, r.configuracaoDocumentoEmpresaOutro, seed));
    return {
      signedAt: now,
      ip: d.ip ?? '203.0.113.10',
      geoLocalizacao: d.geoLocalizacao ?? null,
      pessoaFisica:
        electronic && asPf
          ? {
              nome: d.pessoaFisica?.nome ?? r.prefillSignatario?.nome ?? r.nome,
              tipoDocumento: d.pessoaFisica?.tipoDocumento ?? documentTypeLabel(r.tipoDocumentoAInformar, r.configuracaoDocumentoOutro),
              numeroDocumento: pfNumber,
            }
          : null,
      pessoaJuridica:
        electronic && asPj
          ? {
              nomeEmpresa: d.pessoaJuridica?.nomeEmpresa ?? r.prefillEmpresa?.nome ?? `Empresa de ${r.nome}`,
              tipoDocumento: d.pessoaJuridica?.tipoDocumento ?? documentTypeLabel(pjType, r.configuracaoDocumentoEmpresaOutro),
              numeroDocumento: pjNumber,
            }
          : null,
      certificado: electronic
        ? null
        : {
            nome: `${r.nome.toUpperCase()}:${generateCpf(seed)}`,
            emissor: r.idTipoAssinatura === 3 ? 'AC SIMULADA ICP-BRASIL v5' : 'AC SIMULADA OUTROS',
            validadeInicio: isoUtc(addDays(now, -180)) as string,
            validadeFim: isoUtc(addDays(now, 185)) as string,
          },
    };
  }

  /** Uploads given by the caller, plus a generated PDF for every mandatory request left out. */
  private async uploadsFor(r: SimRecipient, d: SignDetails, now: Date): Promise<AttachmentUpload[]> {
    const uploads: AttachmentUpload[] = [];
    for (const request of r.anexos) {
      const given = d.anexos?.find((a) => a.nome.trim().toLowerCase() === request.nome.trim().toLowerCase());
      if (!given && !request.obrigatorio) continue;
      const content = given?.base64
        ? Buffer.from(given.base64, 'base64')
        : await buildAttachmentPdf(request.nome, r.nome, isoUtc(now) as string);
      uploads.push({
        id: randomUUID(),
        requestId: request.id,
        requestName: request.nome,
        fileName: given?.arquivoNome ?? `${slug(request.nome)}.pdf`,
        content,
      });
    }
    return uploads;
  }
}

function applyEdit(r: SimRecipient, edit: ResendEdit): void {
  if (edit.nome) r.nome = edit.nome;
  if (edit.email) {
    r.email = edit.email;
    r.telefone = null;
  }
  if (edit.telefone) {
    r.telefone = edit.telefone;
    r.email = null;
  }
  if (r.seguranca && (edit.security || edit.permitirReenviarCodigo !== undefined)) {
    r.seguranca = {
      ...r.seguranca,
      ...(edit.security ? { idMeioEnvio: edit.security.idMeioEnvio, email: edit.security.email, telefone: edit.security.telefone } : {}),
      ...(edit.permitirReenviarCodigo !== undefined ? { reenviarCodigo: edit.permitirReenviarCodigo } : {}),
    };
  }
  if (edit.signatario) r.prefillSignatario = applyPrefill(r.prefillSignatario, edit.signatario);
  if (edit.empresa) r.prefillEmpresa = applyPrefill(r.prefillEmpresa, edit.empresa);
}

/** `DescartarDadosAnteriores` = 1 removes what this edit does not send (ignored when both are sent). */
function applyPrefill(current: PrefillData | null, edit: PrefillEdit): PrefillData | null {
  const discard = edit.descartar && !(edit.nome !== undefined && edit.numeroDocumento !== undefined);
  const empty: PrefillData = { nome: null, numeroDocumento: null, validar: false };
  const base: PrefillData = discard ? empty : { ...(current ?? empty) };
  if (edit.nome !== undefined) base.nome = edit.nome;
  if (edit.numeroDocumento !== undefined) base.numeroDocumento = edit.numeroDocumento;
  if (edit.validar !== undefined) base.validar = edit.validar;
  if (base.numeroDocumento === null) base.validar = false;
  return base.nome === null && base.numeroDocumento === null ? null : base;
}

function sampleNumber(type: number | null, custom: SimRecipient['configuracaoDocumentoOutro'], seed: number): string {
  switch (type) {
    case 2:
      return String(10_000_000_000 + (seed % 89_999_999_999)).slice(0, 11);
    case 3:
      return String(100_000_000 + (seed % 899_999_999)).slice(0, 9);
    case 4: {
      const length = custom?.qtdeCaracteresDocumento ?? 8;
      const digits = String(seed).padEnd(length, '7').slice(0, length);
      return custom?.formatoDadosDocumento === 1 ? `X${digits.slice(1)}` : digits;
    }
    case 5:
      return generateCnpj(seed);
    default:
      return generateCpf(seed);
  }
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase() || 'anexo';
