import type {
  ArqsignAssinarOnline,
  ArqsignAssinaturaEletronica,
  ArqsignCaixaAssinatura,
  ArqsignConfiguracaoDocumentoOutro,
  ArqsignDadosAssinaturaEnvio,
  ArqsignDadosPessoaEnvio,
  ArqsignPosicaoAssinaturaManual,
  ArqsignSegurancaEnvio,
  IdMeioEnvio,
  TipoDocumentoAInformar,
  TipoDocumentoEmpresaAInformar,
} from '../../../arqsign-client';
import { phoneForArqsign } from '../../domain/signer-contact';
import {
  AccessCodeChannel,
  DEFAULT_TYPED_DATA,
  signsAsCompany,
  signsAsPerson,
  type AccessCodeOptions,
  type OtherDocument,
  type PrefilledParty,
  type SignatureBox,
  type SignaturePosition,
} from '../../domain/send-options';
import type { SignerOptions } from '../../domain/signing-process.props';

/** Our per-signer send options → the matching `assinarOnline` keys of the v2 send (docs/send-options.md). */

const CODE_CHANNEL: Record<AccessCodeChannel, IdMeioEnvio> = { SMS: 1, WHATSAPP: 2, EMAIL: 3, IN_PERSON: 4 };
const PERSON_DOCUMENT: Record<string, TipoDocumentoAInformar> = { CPF: 1, CNH: 2, RG: 3, OTHER: 4 };
const COMPANY_DOCUMENT: Record<string, TipoDocumentoEmpresaAInformar> = { OTHER: 4, CNPJ: 5 };

export function security(code: AccessCodeOptions): ArqsignSegurancaEnvio {
  const byPhone = code.channel === AccessCodeChannel.SMS || code.channel === AccessCodeChannel.WHATSAPP;
  return {
    codigoSeguranca: code.code,
    idMeioEnvio: CODE_CHANNEL[code.channel],
    ...(byPhone ? { codigoSegurancaTelefone: phoneForArqsign(code.phone), reenviarCodigo: code.allowResend } : {}),
    ...(code.channel === AccessCodeChannel.EMAIL ? { codigoSegurancaEmail: code.email } : {}),
  };
}

export function manualPositions(positions: SignaturePosition[], options: SignerOptions, documentCount: number): ArqsignPosicaoAssinaturaManual[] {
  return [...positions]
    .sort((a, b) => a.document - b.document)
    .map((p) => ({
      ...(documentCount > 1 ? { documentoDeOrdem: p.document } : {}),
      ...(signsAsPerson(options.signAs) && p.person ? { pessoaFisica: box(p.person) } : {}),
      ...(signsAsCompany(options.signAs) && p.company ? { pessoaJuridica: box(p.company) } : {}),
    }));
}

const box = (b: SignatureBox): ArqsignCaixaAssinatura => ({ pagina: b.page, altura: b.height, largura: b.width, posicaoX: b.x, posicaoY: b.y });

/** What the signer must type. NONE sends "no number" with the type ArqSIGN requires anyway (CPF / CNPJ). */
export function electronicSignature(options: SignerOptions): ArqsignAssinaturaEletronica {
  const typed = options.typedData ?? DEFAULT_TYPED_DATA;
  const other = (doc: OtherDocument | null): { configuracaoDocumentoOutro?: ArqsignConfiguracaoDocumentoOutro } =>
    doc ? { configuracaoDocumentoOutro: { nomeDocumento: doc.name, formatoDadosDocumento: doc.format === 'NUMERIC' ? 2 : 1, qtdeCaracteresDocumento: doc.length } } : {};
  const personType = PERSON_DOCUMENT[typed.person.document] ?? 1;
  const companyType = COMPANY_DOCUMENT[typed.company.document] ?? 5;
  const companyOther = companyType === 4 ? other(typed.company.otherDocument).configuracaoDocumentoOutro : undefined;
  return {
    obrigarSignatarioInformarNome: typed.person.name,
    obrigarSignatarioInformarNumeroDocumento: typed.person.document !== 'NONE',
    tipoDocumentoAInformar: personType,
    ...(personType === 4 ? other(typed.person.otherDocument) : {}),
    ...(signsAsCompany(options.signAs)
      ? {
          obrigarSignatarioInformarNomeEmpresa: typed.company.name,
          obrigarSignatarioInformarNumeroDocumentoEmpresa: typed.company.document !== 'NONE',
          tipoDocumentoEmpresaAInformar: companyType,
          ...(companyOther ? { configuracaoDocumentoEmpresaOutro: companyOther } : {}),
        }
      : {}),
  };
}

export function signatureData(options: SignerOptions): ArqsignDadosAssinaturaEnvio | undefined {
  const data = options.signerData;
  if (!data) return undefined;
  const party = (p: PrefilledParty | null): ArqsignDadosPessoaEnvio | undefined =>
    p ? { ...(p.name ? { nome: p.name } : {}), ...(p.documentNumber ? { numeroDocumento: p.documentNumber, validarDocumento: p.validate } : {}) } : undefined;
  const signatario = party(data.person);
  const empresa = signsAsCompany(options.signAs) ? party(data.company) : undefined;
  const result: ArqsignDadosAssinaturaEnvio = {
    ...(signatario ? { signatario } : {}),
    ...(empresa ? { empresa } : {}),
    ...(data.extra.length ? { dadosComplementares: data.extra.map((e) => ({ label: e.label, valor: e.value })) } : {}),
  };
  return Object.keys(result).length ? result : undefined;
}

/** The optional `assinarOnline` keys; only the options that are set. */
export function onlineOptions(options: SignerOptions, manual: boolean, documentCount: number): Partial<ArqsignAssinarOnline> {
  return {
    ...(options.accessCode ? { seguranca: security(options.accessCode) } : {}),
    ...(options.message ? { mensagemPersonalizada: { titulo: options.message.title, texto: options.message.text } } : {}),
    ...(options.attachments?.length
      ? { anexos: options.attachments.map((a) => ({ anexoDocumentoNome: a.name, anexoObrigatorio: a.required, anexoExibirTodosDestinatarios: a.visibleToAll })) }
      : {}),
    ...(manual && options.positions?.length ? { definirPosicaoAssinaturaManual: manualPositions(options.positions, options, documentCount) } : {}),
  };
}
