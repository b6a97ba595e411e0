import type { ArqsignDestinatario, ArqsignSendProcessRequest, AssinarComo, IdTipoAssinatura } from '../../../arqsign-client';
import { phoneForArqsign } from '../../domain/signer-contact';
import { DeliveryChannel, SignAs, SignatureType, SignerAction } from '../../domain/process-status';
import type { SignerProps, SigningProcessProps } from '../../domain/signing-process.props';
import { electronicSignature, onlineOptions, signatureData } from './send-options.mapper';

const SIGN_AS: Record<SignAs, AssinarComo> = { PERSON: 1, COMPANY: 2, BOTH: 3 };
const SIGNATURE_TYPE: Record<SignatureType, IdTipoAssinatura> = { ELECTRONIC: 1, ICP_BRASIL: 3, OTHER_CERTIFICATE: 4 };

export interface SendDefaults {
  responsibleId: string;
  folderId: string;
}

/**
 * Our process → ArqSIGN v2 send body (docs/arqsign.md#send-v2). Only keys ArqSIGN documents are sent, and
 * optional ones only when set. Each recipient gets exactly one contact: the one of its delivery
 * channel. Signature positions are ArqSIGN's unless some signer positions boxes by hand
 * (docs/send-options.md#positions); the other per-signer options map in `send-options.mapper`.
 */
export function buildSendRequest(process: SigningProcessProps, contents: ReadonlyMap<string, Buffer>, defaults: SendDefaults): ArqsignSendProcessRequest {
  const { settings } = process;
  const advanced = compact({
    tempoExpiracaoDocumentoDias: settings.expirationDays,
    avisoAntesExpiracaoDocumentoDias: settings.expirationWarningDays,
    frequenciaLembretesDias: settings.reminderFrequencyDays,
    gerarQrCode: settings.generateQrCode,
    obrigarLeitura: settings.requireReading,
  });
  const manual = process.signers.some((s) => s.action === SignerAction.SIGN && s.options.positions?.length);
  const documentCount = process.documents.length;
  const message = settings.message ? compact({ titulo: settings.message.title, texto: settings.message.text }) : {};
  return {
    idResponsavel: defaults.responsibleId,
    nomeProcesso: process.name,
    idPasta: defaults.folderId,
    ...(Object.keys(advanced).length ? { configuracoesAvancadas: advanced } : {}),
    ...(settings.renewalMonths ? { renovacaoMeses: settings.renewalMonths } : {}),
    ...(Object.keys(message).length ? { mensagemPadrao: message } : {}),
    usarOrdemAssinatura: settings.useSigningOrder,
    usarPosicaoAssinaturaAutomatica: !manual,
    destinatarios: process.signers.map((signer) => recipient(signer, settings.useSigningOrder, manual, documentCount)),
    documentos: [...process.documents]
      .sort((a, b) => a.order - b.order)
      .map((document) => {
        const content = contents.get(document.id);
        if (!content) throw new Error(`Missing content of document ${document.id}`);
        return { ordemDocumento: document.order, nomeComExtensao: document.fileName, arquivo: content.toString('base64') };
      }),
  };
}

function recipient(signer: SignerProps, useSigningOrder: boolean, manual: boolean, documentCount: number): ArqsignDestinatario {
  const contact = signer.delivery === DeliveryChannel.EMAIL ? { email: signer.email } : { telefone: phoneForArqsign(signer.phone) };
  if (signer.action === SignerAction.COPY) return { idTipoAcao: 2, nome: signer.name, ...contact };
  const { signAs, signatureType, personRoles, companyRoles } = signer.options;
  const asCompany = signAs !== SignAs.PERSON;
  return {
    idTipoAcao: 1,
    ...(useSigningOrder && signer.order ? { ordemAssinatura: signer.order } : {}),
    nome: signer.name,
    ...contact,
    assinarOnline: {
      assinarComo: SIGN_AS[signAs],
      ...(personRoles.length && signAs !== SignAs.COMPANY ? { papelPessoaFisica: personRoles } : {}),
      ...(companyRoles.length && asCompany ? { papelPessoaJuridica: companyRoles } : {}),
      ...onlineOptions(signer.options, manual, documentCount),
      idTipoAssinatura: SIGNATURE_TYPE[signatureType],
      ...(signatureType === SignatureType.ELECTRONIC ? electronicOnly(signer) : {}),
    },
  };
}

function electronicOnly(signer: SignerProps) {
  const data = signatureData(signer.options);
  return { assinaturaEletronica: electronicSignature(signer.options), ...(data ? { dadosAssinatura: data } : {}) };
}

function compact<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]?: NonNullable<T[K]> };
}
