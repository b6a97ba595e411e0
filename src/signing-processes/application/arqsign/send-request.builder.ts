import type { ArqsignDestinatario, ArqsignSendProcessRequest, AssinarComo, IdTipoAssinatura } from '../../../arqsign-client';
import { normalizePhone } from '../../domain/process-rules';
import { DeliveryChannel, SignAs, SignatureType, SignerAction } from '../../domain/process-status';
import type { SignerProps, SigningProcessProps } from '../../domain/signing-process.props';

const SIGN_AS: Record<SignAs, AssinarComo> = { PERSON: 1, COMPANY: 2, BOTH: 3 };
const SIGNATURE_TYPE: Record<SignatureType, IdTipoAssinatura> = { ELECTRONIC: 1, ICP_BRASIL: 3, OTHER_CERTIFICATE: 4 };

export interface SendDefaults {
  responsibleId: string;
  folderId: string;
}

/**
 * Our process → ArqSIGN v2 send body (docs/arqsign.md#send-v2). Only keys ArqSIGN documents are sent, and
 * optional ones only when set. Each recipient gets exactly one contact: the one of its delivery
 * channel. Signature positions are left to ArqSIGN (`usarPosicaoAssinaturaAutomatica`).
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
  const message = settings.message ? compact({ titulo: settings.message.title, texto: settings.message.text }) : {};
  return {
    idResponsavel: defaults.responsibleId,
    nomeProcesso: process.name,
    idPasta: defaults.folderId,
    ...(Object.keys(advanced).length ? { configuracoesAvancadas: advanced } : {}),
    ...(settings.renewalMonths ? { renovacaoMeses: settings.renewalMonths } : {}),
    ...(Object.keys(message).length ? { mensagemPadrao: message } : {}),
    usarOrdemAssinatura: settings.useSigningOrder,
    usarPosicaoAssinaturaAutomatica: true,
    destinatarios: process.signers.map((signer) => recipient(signer, settings.useSigningOrder)),
    documentos: [...process.documents]
      .sort((a, b) => a.order - b.order)
      .map((document) => {
        const content = contents.get(document.id);
        if (!content) throw new Error(`Missing content of document ${document.id}`);
        return { ordemDocumento: document.order, nomeComExtensao: document.fileName, arquivo: content.toString('base64') };
      }),
  };
}

function recipient(signer: SignerProps, useSigningOrder: boolean): ArqsignDestinatario {
  const contact = signer.delivery === DeliveryChannel.EMAIL ? { email: signer.email } : { telefone: normalizePhone(signer.phone ?? '') ?? signer.phone };
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
      idTipoAssinatura: SIGNATURE_TYPE[signatureType],
      ...(signatureType === SignatureType.ELECTRONIC
        ? {
            // The signer types name and CPF (and the company's name and CNPJ) when signing.
            assinaturaEletronica: {
              obrigarSignatarioInformarNome: true,
              obrigarSignatarioInformarNumeroDocumento: true,
              tipoDocumentoAInformar: 1,
              ...(asCompany
                ? { obrigarSignatarioInformarNomeEmpresa: true, obrigarSignatarioInformarNumeroDocumentoEmpresa: true, tipoDocumentoEmpresaAInformar: 5 }
                : {}),
            },
          }
        : {}),
    },
  };
}

function compact<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]?: NonNullable<T[K]> };
}
