import { flag, isoUtc } from '../formats';
import { SIGNATURE_TYPE_LABELS } from '../files/process-files';
import type { AttachmentUpload, SimProcess, SimRecipient } from '../state/process-model';
import { PROCESS_STATUS_IDS, isAwaitingTurn, isPendingSigner } from '../state/process-model';

/**
 * Response shapes, with exactly the documented casing per endpoint (docs/arqsign.md#endpoints, #sandbox-simulator): clients are
 * meant to be forced into case-insensitive reading.
 */

const tipoAcao = (r: SimRecipient) => (r.idTipoAcao === 1 ? 'Assinar Online' : 'Receber uma cópia');
const formaEnvio = (r: SimRecipient) => r.email ?? r.telefone ?? '';
const displayOrder = (r: SimRecipient) => (r.idTipoAcao === 1 ? r.ordem : (r.ordemEnviada ?? 0));

/** 3.1.5 — `IdProcesso` capitalised as in the documented example. */
export function sendResponse(p: SimProcess) {
  return {
    IdProcesso: p.id,
    documentos: p.documents.map((d) => ({ id: d.id, ordem: d.ordem, nome: d.nome })),
    destinatarios: p.recipients.map((r) => ({
      idProcessoDestinatario: r.id,
      ordem: r.ordemEnviada ?? displayOrder(r),
      formaEnvio: formaEnvio(r),
      nomeSignatario: r.nome,
      configuracoesAnexos: r.anexos.length ? r.anexos.map((a) => ({ id: a.id, nome: a.nome })) : null,
    })),
  };
}

/** Process fields shared by GET v2 (3.2) and the webhook process section (4.5.1, minus the status keys). */
export function processFields(p: SimProcess, folderPath: string, responsibleName: string) {
  return {
    nomeProcesso: p.nome,
    idPasta: p.idPasta,
    caminhoDaPasta: folderPath,
    idResponsavel: p.idResponsavel,
    nomeResponsavel: responsibleName,
  };
}

export function processDates(p: SimProcess) {
  return {
    dataCadastro: isoUtc(p.dataCadastro),
    dataEnvio: isoUtc(p.dataEnvio),
    dataConclusao: isoUtc(p.dataConclusao),
    dataRenovacao: isoUtc(p.dataRenovacao),
    dataCancelamento: isoUtc(p.dataCancelamento),
    usuarioCancelamento: p.usuarioCancelamento,
    dataReenvio: isoUtc(p.dataReenvio),
    dataExpiracao: isoUtc(p.dataExpiracao),
    expiracaoDias: p.expiracaoDias,
    avisoExpiracaoDias: p.avisoExpiracaoDias,
    lembrete: p.frequenciaLembrete > 0,
    frequenciaLembrete: p.frequenciaLembrete,
  };
}

export interface SignerViewOptions {
  /** GET v2 misspells `numeroDocumetoPessoaFisica`; webhooks spell it correctly (docs/arqsign-gaps.md#gap-24). */
  getV2Typo: boolean;
  /** Webhooks add a download link to each upload (4.5.2). */
  attachmentLink?: (upload: AttachmentUpload) => string;
}

/** One entry of `signatarios[]` (GET v2 3.2 and webhook 4.5.2, camelCase). */
export function signerView(p: SimProcess, r: SimRecipient, opts: SignerViewOptions) {
  const s = r.signature;
  const signs = r.idTipoAcao === 1;
  return {
    ordemAssinatura: displayOrder(r),
    id: r.id,
    nome: r.nome,
    email: r.email,
    telefone: r.telefone,
    aguardandoEnvio: flag(isAwaitingTurn(p, r)),
    falhaEnvio: flag(r.falhaEnvio),
    tipoAcao: tipoAcao(r),
    papelSignatario: {
      pessoaFisica: r.papelPessoaFisica,
      pessoaJuridica: r.papelPessoaJuridica,
    },
    copiaEnviada: flag(r.copiaEnviada),
    remetente: flag(r.remetente),
    assinaturaRecusada: flag(r.refused),
    motivoRecusa: r.motivoRecusa,
    seguranca: r.seguranca
      ? {
          codigoSeguranca: r.seguranca.codigoSeguranca,
          codigoSegurancaEmail: r.seguranca.email,
          codigoSegurancaTelefone: r.seguranca.telefone,
        }
      : null,
    dadosAssinatura: {
      tipoAssinatura: signs ? (SIGNATURE_TYPE_LABELS[r.idTipoAssinatura ?? 1] ?? null) : null,
      dataAssinatura: isoUtc(s?.signedAt),
      ip: s?.ip ?? null,
      geoLocalizacao: s?.geoLocalizacao ?? null,
      dadosCertificado: {
        nome: s?.certificado?.nome ?? null,
        emissor: s?.certificado?.emissor ?? null,
        validadeInicio: s?.certificado?.validadeInicio ?? null,
        validadeFim: s?.certificado?.validadeFim ?? null,
      },
      dadosPessoaFisica: s?.pessoaFisica
        ? {
            nomePessoaFisica: s.pessoaFisica.nome,
            tipoDocumentoPessoaFisica: s.pessoaFisica.tipoDocumento,
            [opts.getV2Typo ? 'numeroDocumetoPessoaFisica' : 'numeroDocumentoPessoaFisica']: s.pessoaFisica.numeroDocumento,
          }
        : null,
      dadosPessoaJuridica: s?.pessoaJuridica
        ? {
            nomeEmpresa: s.pessoaJuridica.nomeEmpresa,
            tipoDocumentoEmpresa: s.pessoaJuridica.tipoDocumento,
            numeroDocumentoEmpresa: s.pessoaJuridica.numeroDocumento,
          }
        : null,
      anexos: r.uploads.length
        ? r.uploads.map((u) => ({
            id: u.id,
            anexoDocumentoNome: u.requestName,
            ...(opts.attachmentLink ? { linkParaBaixarDocumento: opts.attachmentLink(u) } : {}),
          }))
        : null,
    },
  };
}

/** 3.4 — PascalCase as documented; answered with 201. */
export function statusV1(p: SimProcess) {
  return { NomeProcesso: p.nome, Status: p.status };
}

/** 3.5 — sign-online recipients only; mixed casing as documented. */
export function signersV1(p: SimProcess) {
  return {
    nomeProcesso: p.nome,
    status: p.status,
    dataExpiracao: isoUtc(p.dataExpiracao),
    signatarios: p.recipients
      .filter((r) => r.idTipoAcao === 1)
      .map((r) => ({
        ordem: r.ordem,
        IdProcessoDestinatario: r.id,
        nome: r.nome,
        idTipoAssinatura: r.idTipoAssinatura,
        IdFormaEnvioProcesso: r.telefone ? 2 : 1,
        email: r.email,
        telefone: r.telefone,
        tipoAcao: tipoAcao(r),
        IdMeioEnvioCodigoSeguranca: r.seguranca?.idMeioEnvio ?? null,
        emailSeguranca: r.seguranca?.email ?? null,
        telefoneSeguranca: r.seguranca?.telefone ?? null,
        permitirReenviarCodigo: r.seguranca?.reenviarCodigo ?? false,
        falhaEnvio: flag(r.falhaEnvio),
        assinado: !!r.signature,
      })),
  };
}

/** 3.3 — every recipient still pending signature. */
export function resendResponse(p: SimProcess) {
  return p.recipients
    .filter(isPendingSigner)
    .sort((a, b) => a.ordem - b.ordem)
    .map((r) => ({
      idProcessoDestinatario: r.id,
      ordem: r.ordem,
      formaEnvioProcesso: formaEnvio(r),
      nome: r.nome,
      anexos: r.anexos.length ? r.anexos.map((a) => ({ idConfiguracaoAnexo: a.id, nomeAnexo: a.nome })) : null,
    }));
}

/** Compact state answered by the control API (`/__sim/processes…`). */
export function controlState(p: SimProcess) {
  return {
    idProcesso: p.id,
    nomeProcesso: p.nome,
    status: p.status,
    idStatusProcesso: PROCESS_STATUS_IDS[p.status],
    excluido: p.deleted,
    dataEnvio: isoUtc(p.dataEnvio),
    dataExpiracao: isoUtc(p.dataExpiracao),
    dataReenvio: isoUtc(p.dataReenvio),
    dataConclusao: isoUtc(p.dataConclusao),
    dataCancelamento: isoUtc(p.dataCancelamento),
    signatarios: p.recipients.map((r) => ({
      id: r.id,
      nome: r.nome,
      email: r.email,
      telefone: r.telefone,
      ordemAssinatura: displayOrder(r),
      tipoAcao: tipoAcao(r),
      assinado: !!r.signature,
      dataAssinatura: isoUtc(r.signature?.signedAt),
      assinaturaRecusada: r.refused,
      falhaEnvio: r.falhaEnvio,
      aguardandoEnvio: isAwaitingTurn(p, r),
    })),
    documentos: p.documents.map((d) => ({ id: d.id, ordemDocumento: d.ordem, nomeDocumento: d.nome, assinado: !!d.signed })),
  };
}
