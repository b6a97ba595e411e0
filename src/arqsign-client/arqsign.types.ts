/**
 * ArqSIGN REST API types (docs/arqsign.md#endpoints).
 *
 * - `Arqsign*Request` types use ArqSIGN's own (Portuguese) field names and are sent as written:
 *   ArqSIGN may reject unknown or misspelled keys (docs/arqsign.md#json-casing-and-booleans), so do not add keys.
 * - `Arqsign*Response` types document the wire shape in the documented casing. They are reference
 *   only: responses are read case-insensitively and leniently (see `lenient.ts`), never cast.
 * - The remaining types are the normalized results the client returns. Their English names map
 *   1:1 to ArqSIGN fields (named in each comment); dates are `Date` (UTC), flags are booleans and
 *   absent values are `null`.
 */

// ---------------------------------------------------------------------------------------------
// Shared enumerations (docs/arqsign.md#enumerations)

/** `bit` in requests: send JSON booleans (ArqSIGN documents 1/0 too). */
export type ArqsignBit = boolean;
export type Guid = string;

/** `idTipoAcao`: 1 sign online, 2 receive a copy. */
export type IdTipoAcao = 1 | 2;
/** `assinarComo`: 1 natural person (PF), 2 legal entity (PJ), 3 both. */
export type AssinarComo = 1 | 2 | 3;
/** `representacaoVisualAssinatura`: 1 standard, 2 drawn, 3 image. */
export type RepresentacaoVisualAssinatura = 1 | 2 | 3;
/** `idMeioEnvio` / `idMeioEnvioCodigoSeguranca`: 1 SMS, 2 WhatsApp, 3 e-mail, 4 do not send. */
export type IdMeioEnvio = 1 | 2 | 3 | 4;
/** `idTipoAssinatura`: 1 electronic, 3 ICP-Brasil certificate, 4 other certificate. */
export type IdTipoAssinatura = 1 | 3 | 4;
/** `tipoDocumentoAInformar`: 1 CPF, 2 CNH, 3 RG, 4 other. */
export type TipoDocumentoAInformar = 1 | 2 | 3 | 4;
/** `tipoDocumentoEmpresaAInformar`: 4 other, 5 CNPJ. */
export type TipoDocumentoEmpresaAInformar = 4 | 5;
/** `formatoDadosDocumento`: 1 text, 2 numeric. */
export type FormatoDadosDocumento = 1 | 2;
/** `idFormaEnvioProcesso`: 1 e-mail, 2 WhatsApp. */
export type IdFormaEnvioProcesso = 1 | 2;
/** `arquivoTipo`, `documentosTipo`, `registrosAssinaturaTipo`: 1 Base64, 2 download link. */
export type ArquivoTipo = 1 | 2;
/** `buscarPor`: 1 full path of given folders, 2 children of one folder, 3 root + first level. */
export type BuscarPor = 1 | 2 | 3;
/** Consumption `item`: 0 all, 1 sends, 2 WhatsApp, 3 SMS. */
export type ItemConsumo = 0 | 1 | 2 | 3;
/** Webhook trigger (`gatilhos`), docs/arqsign.md#triggers. */
export type Gatilho = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
/** Webhook configuration status: 1 Ativo, 2 Inativo (3 Inativo por falhas is read-only). */
export type WebhookConfigStatusInput = 1 | 2;

// ---------------------------------------------------------------------------------------------
// 3.1 POST /api/v2/processo/enviar-documento-para-assinar

export interface ArqsignSendProcessRequest {
  idResponsavel: Guid;
  nomeProcesso: string;
  idPasta: Guid;
  configuracoesAvancadas?: ArqsignConfiguracoesAvancadas | null;
  renovacaoMeses?: number | null;
  mensagemPadrao?: ArqsignMensagem | null;
  usarOrdemAssinatura: ArqsignBit;
  usarPosicaoAssinaturaAutomatica: ArqsignBit;
  destinatarios: ArqsignDestinatario[];
  documentos: ArqsignDocumentoEnvio[];
}

export interface ArqsignConfiguracoesAvancadas {
  tempoExpiracaoDocumentoDias?: number | null;
  avisoAntesExpiracaoDocumentoDias?: number | null;
  frequenciaLembretesDias?: number | null;
  gerarQrCode?: ArqsignBit | null;
  obrigarLeitura?: ArqsignBit | null;
}

export interface ArqsignMensagem {
  titulo?: string | null;
  texto?: string | null;
}

export interface ArqsignDestinatario {
  idTipoAcao: IdTipoAcao;
  ordemAssinatura?: number | null;
  representacaoVisualAssinatura?: RepresentacaoVisualAssinatura | null;
  nome: string;
  /** Exactly one of `email` / `telefone` (a phone means WhatsApp delivery). */
  email?: string | null;
  telefone?: string | null;
  assinarOnline?: ArqsignAssinarOnline | null;
}

export interface ArqsignAssinarOnline {
  assinarComo: AssinarComo;
  papelPessoaFisica?: string[] | null;
  papelPessoaJuridica?: string[] | null;
  seguranca?: ArqsignSegurancaEnvio | null;
  mensagemPersonalizada?: ArqsignMensagem | null;
  anexos?: ArqsignAnexoSolicitado[] | null;
  definirPosicaoAssinaturaManual?: ArqsignPosicaoAssinaturaManual[] | null;
  idTipoAssinatura: IdTipoAssinatura;
  assinaturaEletronica?: ArqsignAssinaturaEletronica | null;
  dadosAssinatura?: ArqsignDadosAssinaturaEnvio | null;
}

export interface ArqsignSegurancaEnvio {
  codigoSeguranca?: string | null;
  idMeioEnvio?: IdMeioEnvio | null;
  codigoSegurancaEmail?: string | null;
  codigoSegurancaTelefone?: string | null;
  reenviarCodigo?: ArqsignBit | null;
}

export interface ArqsignAnexoSolicitado {
  anexoDocumentoNome: string;
  anexoObrigatorio: ArqsignBit;
  anexoExibirTodosDestinatarios: ArqsignBit;
}

export interface ArqsignCaixaAssinatura {
  pagina: number;
  altura: number;
  largura: number;
  posicaoX: number;
  posicaoY: number;
}

export interface ArqsignPosicaoAssinaturaManual {
  documentoDeOrdem?: number | null;
  pessoaFisica?: ArqsignCaixaAssinatura | null;
  pessoaJuridica?: ArqsignCaixaAssinatura | null;
}

export interface ArqsignConfiguracaoDocumentoOutro {
  nomeDocumento: string;
  formatoDadosDocumento: FormatoDadosDocumento;
  qtdeCaracteresDocumento: number;
}

export interface ArqsignAssinaturaEletronica {
  obrigarSignatarioInformarNome: ArqsignBit;
  obrigarSignatarioInformarNumeroDocumento: ArqsignBit;
  tipoDocumentoAInformar: TipoDocumentoAInformar;
  configuracaoDocumentoOutro?: ArqsignConfiguracaoDocumentoOutro | null;
  obrigarSignatarioInformarNomeEmpresa?: ArqsignBit | null;
  obrigarSignatarioInformarNumeroDocumentoEmpresa?: ArqsignBit | null;
  tipoDocumentoEmpresaAInformar?: TipoDocumentoEmpresaAInformar | null;
  configuracaoDocumentoEmpresaOutro?: ArqsignConfiguracaoDocumentoOutro | null;
}

export interface ArqsignDadosPessoaEnvio {
  nome?: string | null;
  numeroDocumento?: string | null;
  validarDocumento?: ArqsignBit | null;
}

export interface ArqsignDadosAssinaturaEnvio {
  signatario?: ArqsignDadosPessoaEnvio | null;
  empresa?: ArqsignDadosPessoaEnvio | null;
  dadosComplementares?: Array<{ label: string; valor: string }> | null;
}

export interface ArqsignDocumentoEnvio {
  /** Required on every item when there are 2+ files. */
  ordemDocumento?: number | null;
  nomeComExtensao: string;
  /** Plain Base64 of the PDF (no `data:` prefix). Never logged. */
  arquivo: string;
}

/** Documented 200 body (note `IdProcesso`). */
export interface ArqsignSendProcessResponse {
  IdProcesso: Guid;
  documentos: Array<{ id: Guid; ordem: number; nome: string }>;
  destinatarios: Array<{
    idProcessoDestinatario: Guid;
    ordem: number;
    formaEnvio: string;
    nomeSignatario: string;
    configuracoesAnexos: Array<{ id: Guid; nome: string }> | null;
  }>;
}

export interface SendProcessResult {
  /** `IdProcesso`. */
  processId: Guid;
  documents: SentDocument[];
  recipients: SentRecipient[];
}

export interface SentDocument {
  /** `documentos[].id` (= `idArquivoProcesso` of 3.8, `Id` in webhooks). */
  id: Guid;
  /** `ordem`. */
  order: number | null;
  /** `nome`. */
  name: string | null;
}

export interface SentRecipient {
  /** `idProcessoDestinatario`. */
  id: Guid;
  /** `ordem`. */
  order: number | null;
  /** `formaEnvio`: the e-mail address or phone the process went to. */
  deliveryAddress: string | null;
  /** `nomeSignatario`. */
  name: string | null;
  /** `configuracoesAnexos`. */
  attachmentRequests: AttachmentRequest[];
}

export interface AttachmentRequest {
  id: Guid;
  name: string | null;
}

// ---------------------------------------------------------------------------------------------
// Process status (docs/arqsign.md#enumerations, #status-model)

/** Normalized process status; `statusText` keeps ArqSIGN's own label. */
export type ArqsignProcessStatus =
  | 'CREATED' // Criado
  | 'WAITING' // Aguardando
  | 'IN_PROGRESS' // Em processo
  | 'CONCLUDED' // Concluído
  | 'CANCELLED' // Cancelado
  | 'UNKNOWN';

// ---------------------------------------------------------------------------------------------
// 3.2 GET /api/v2/processo/{idProcesso}

export interface ProcessDetails {
  processId: Guid;
  /** `nomeProcesso`. */
  name: string | null;
  /** `idPasta`. */
  folderId: Guid | null;
  /** `caminhoDaPasta` (display text only, docs/arqsign-gaps.md#gap-16). */
  folderPath: string | null;
  /** `idResponsavel`. */
  responsibleId: Guid | null;
  /** `nomeResponsavel`. */
  responsibleName: string | null;
  status: ArqsignProcessStatus;
  /** `status` as ArqSIGN wrote it. */
  statusText: string | null;
  /** `dataCadastro`. */
  createdAt: Date | null;
  /** `dataEnvio`. */
  sentAt: Date | null;
  /** `dataConclusao`. */
  concludedAt: Date | null;
  /** `dataRenovacao`. */
  renewalAt: Date | null;
  /** `dataCancelamento`. */
  cancelledAt: Date | null;
  /** `usuarioCancelamento`. */
  cancelledBy: string | null;
  /** `dataReenvio`. */
  resentAt: Date | null;
  /** `dataExpiracao`. */
  expiresAt: Date | null;
  /** `expiracaoDias`. */
  expirationDays: number | null;
  /** `avisoExpiracaoDias`. */
  expirationWarningDays: number | null;
  /** `lembrete`. */
  reminders: boolean | null;
  /** `frequenciaLembrete`. */
  reminderFrequencyDays: number | null;
  signers: ProcessSigner[];
  documents: ProcessDocument[];
}

/** `tipoAcao` normalized: "Assinar Online" → SIGN, "Receber uma cópia" → COPY. */
export type SignerAction = 'SIGN' | 'COPY' | 'UNKNOWN';

export interface ProcessSigner {
  /** `id` = `idProcessoDestinatario`. */
  id: Guid;
  /** `ordemAssinatura`. */
  order: number | null;
  name: string | null;
  email: string | null;
  /** `telefone`. */
  phone: string | null;
  action: SignerAction;
  /** `tipoAcao` as written. */
  actionText: string | null;
  /** `aguardandoEnvio`: waiting for the previous signing order. */
  waitingForTurn: boolean;
  /** `falhaEnvio`. */
  deliveryFailed: boolean;
  /** `copiaEnviada`. */
  copySent: boolean;
  /** `remetente`: this recipient is also the sender. */
  isSender: boolean;
  /** `assinaturaRecusada`. */
  refused: boolean;
  /** `motivoRecusa`. */
  refusalReason: string | null;
  /** `papelSignatario.pessoaFisica`. */
  naturalPersonRoles: string[];
  /** `papelSignatario.pessoaJuridica`. */
  legalEntityRoles: string[];
  /**
   * Whether a security code was configured (`seguranca` present). The code itself is deliberately
   * not returned (docs/arqsign-gaps.md#gap-29).
   */
  hasSecurityCode: boolean;
  /** True when `dadosAssinatura.dataAssinatura` is set. */
  signed: boolean;
  /** `dadosAssinatura`; null for copy recipients or when ArqSIGN sends nothing. */
  signature: SignatureData | null;
}

export interface SignatureData {
  /** `tipoAssinatura` ("Assinatura Eletrônica", "Certificado Digital - ICP Brasil", …). */
  type: string | null;
  /** `dataAssinatura`. */
  signedAt: Date | null;
  ip: string | null;
  /** `geoLocalizacao` (format undocumented). */
  geoLocation: string | null;
  /** `dadosCertificado`; null when every field is null. */
  certificate: { name: string | null; issuer: string | null; validFrom: string | null; validTo: string | null } | null;
  /** `dadosPessoaFisica` (reads both `numeroDocumetoPessoaFisica` (sic) and the correct spelling). */
  naturalPerson: { name: string | null; documentType: string | null; documentNumber: string | null } | null;
  /** `dadosPessoaJuridica`. */
  legalEntity: { name: string | null; documentType: string | null; documentNumber: string | null } | null;
  /** `anexos`: uploads by the signer; contents via `getSignerAttachments`. */
  attachments: Array<{ id: Guid; name: string | null }>;
}

export interface ProcessDocument {
  id: Guid;
  /** `ordemDocumento`. */
  order: number | null;
  /** `nomeDocumento`. */
  name: string | null;
  /** `base64Documento`: the current (signed, once concluded) file. */
  contentBase64: string | null;
  /** `registroAssinaturas`. */
  signatureRecord: { name: string | null; contentBase64: string | null } | null;
}

// ---------------------------------------------------------------------------------------------
// 3.3 PATCH /api/v2/processo/{idProcesso}/reenviar-processo

export interface ArqsignResendPersonData {
  nome?: string | null;
  numeroDocumento?: string | null;
  /**
   * 1 = validate what the signer types. Sent as `validar` by default (example + table); the
   * client retries once as `validarDocumento` if ArqSIGN rejects the key (docs/arqsign-gaps.md#gap-05).
   */
  validar?: ArqsignBit | null;
  DescartarDadosAnteriores?: ArqsignBit | null;
}

/** One element of the resend body; `[]` = plain resend to every pending signer. */
export interface ArqsignResendRecipientEdit {
  idProcessoDestinatario: Guid;
  idFormaEnvioProcesso?: IdFormaEnvioProcesso | null;
  nome?: string | null;
  email?: string | null;
  telefone?: string | null;
  idMeioEnvioCodigoSeguranca?: IdMeioEnvio | null;
  emailSeguranca?: string | null;
  telefoneSeguranca?: string | null;
  permitirReenviarCodigo?: ArqsignBit | null;
  dadosAssinatura?: { signatario?: ArqsignResendPersonData | null; empresa?: ArqsignResendPersonData | null } | null;
}

export type ArqsignResendResponse = Array<{
  idProcessoDestinatario: Guid;
  ordem: number;
  formaEnvioProcesso: string;
  nome: string;
  anexos: Array<{ idConfiguracaoAnexo: Guid; nomeAnexo: string }> | null;
}>;

/** Every recipient still pending after the resend (whether or not it was edited). */
export interface PendingRecipient {
  /** `idProcessoDestinatario`. */
  id: Guid;
  /** `ordem`. */
  order: number | null;
  /** `formaEnvioProcesso`: e-mail or phone used. */
  deliveryAddress: string | null;
  name: string | null;
  /** `anexos[].{idConfiguracaoAnexo, nomeAnexo}`. */
  attachmentRequests: AttachmentRequest[];
}

// ---------------------------------------------------------------------------------------------
// 3.4 GET /api/v1/processo/{idProcesso}/status-do-processo (answers 201)

export interface ArqsignProcessStatusResponse {
  NomeProcesso: string;
  Status: string;
}

export interface ProcessStatusResult {
  processId: Guid;
  name: string | null;
  status: ArqsignProcessStatus;
  statusText: string | null;
}

// ---------------------------------------------------------------------------------------------
// 3.5 GET /api/v1/processo/{idProcesso}/dados-signatarios

export interface SignersSummary {
  processId: Guid;
  name: string | null;
  status: ArqsignProcessStatus;
  statusText: string | null;
  /** `dataExpiracao`. */
  expiresAt: Date | null;
  signers: SignerSummary[];
}

export type DeliveryChannel = 'EMAIL' | 'WHATSAPP' | 'UNKNOWN';

export interface SignerSummary {
  /** `IdProcessoDestinatario`. */
  id: Guid;
  /** `ordem`. */
  order: number | null;
  name: string | null;
  /** `idTipoAssinatura` (1 electronic, 3 ICP-Brasil, 4 other certificate). */
  signatureTypeId: number | null;
  /** `IdFormaEnvioProcesso` (1 e-mail, 2 WhatsApp). */
  deliveryChannel: DeliveryChannel;
  email: string | null;
  phone: string | null;
  /** `tipoAcao` as written. */
  actionText: string | null;
  /** `IdMeioEnvioCodigoSeguranca` (1 SMS, 2 WhatsApp, 3 e-mail, 4 none). */
  securityCodeChannelId: number | null;
  /** `emailSeguranca`. */
  securityEmail: string | null;
  /** `telefoneSeguranca`. */
  securityPhone: string | null;
  /** `permitirReenviarCodigo`. */
  allowResendCode: boolean | null;
  /** `falhaEnvio`. */
  deliveryFailed: boolean;
  /** `assinado`. */
  signed: boolean;
}

// ---------------------------------------------------------------------------------------------
// 3.6 PATCH /api/v1/processo/{idProcesso}/cancelar-processo

export interface CancelProcessResult {
  processId: Guid;
  /** ArqSIGN's success text, e.g. `Documento cancelado com sucesso`. */
  message: string | null;
}

// ---------------------------------------------------------------------------------------------
// 3.7 POST /api/v1/processo/{idProcesso}/buscar-anexos-signatarios

export interface ArqsignSignerAttachmentsRequest {
  arquivoTipo: ArquivoTipo;
  /** `idProcessoDestinatario` values; empty/absent = all signers. */
  signatarios?: Guid[] | null;
}

export interface SignerAttachments {
  /** `idSignatario` = `idProcessoDestinatario`. */
  signerId: Guid;
  name: string | null;
  attachments: SignerAttachment[];
}

export interface SignerAttachment {
  id: Guid;
  /** Request name + uploaded file name. */
  name: string | null;
  /** `arquivo`: Base64 content or a download URL, per `kind`. */
  content: string | null;
  kind: 'base64' | 'link';
}

// ---------------------------------------------------------------------------------------------
// 3.8 GET /api/v1/processo/{idArquivoProcesso}/registro-assinaturas

export interface SignatureRecord {
  /** `idArquivoProcesso` (a document id). */
  documentId: Guid;
  name: string | null;
  /** `base64`. */
  contentBase64: string | null;
}

// ---------------------------------------------------------------------------------------------
// 3.9 POST /api/v1/diretorio/buscar-pastas

export interface ArqsignFindFoldersRequest {
  buscarPor: BuscarPor;
  ativas?: ArqsignBit | null;
  /** Required for `buscarPor` 1 (one or more) and 2 (exactly one). */
  pastas?: Guid[] | null;
}

export interface Folder {
  id: Guid;
  name: string | null;
  /** `caminhoCompleto` (`A|B|C`). */
  fullPath: string | null;
  /** `status` "Ativa" → true, "Excluída" → false, otherwise null. */
  active: boolean | null;
  statusText: string | null;
  /** `filhos`: null for `buscarPor` = 1. */
  children: FolderChild[] | null;
}

export interface FolderChild {
  id: Guid;
  name: string | null;
  fullPath: string | null;
  active: boolean | null;
  statusText: string | null;
  /** `possuiFilhos`. */
  hasChildren: boolean | null;
}

// ---------------------------------------------------------------------------------------------
// 3.10 POST /api/v1/usuarios/buscar-usuarios

export interface ArqsignFindUsersRequest {
  /** Required when `usuarios` is empty. */
  ativos?: ArqsignBit | null;
  usuarios?: Guid[] | null;
}

export type AccountUserStatus = 'ACTIVE' | 'INACTIVE' | 'BLOCKED' | 'PENDING' | 'UNKNOWN';

export interface AccountUser {
  id: Guid;
  name: string | null;
  /** `status`: 1/"Ativo", 2/"Inativo", 3/"Bloqueado" (docs/arqsign-gaps.md#gap-09). */
  status: AccountUserStatus;
  /** `remetente`: may send documents. */
  canSend: boolean | null;
}

// ---------------------------------------------------------------------------------------------
// 3.11 GET /api/v1/conta/papeis-signatarios

export interface SignerRole {
  id: Guid;
  /** What `papelPessoaFisica`/`papelPessoaJuridica` must match. */
  name: string | null;
  /** `padrao`. */
  isDefault: boolean | null;
}

// ---------------------------------------------------------------------------------------------
// 3.12 POST /api/v1/conta/buscar-consumo-itens-assinatura

export interface ArqsignUsageRequest {
  /** `yyyy-mm-dd` (or `mm-dd-yyyy`). */
  dataInicial: string;
  dataFinal: string;
  item: ItemConsumo;
}

export interface UsageReport {
  /** `idConta`. */
  accountId: Guid | null;
  /** `nomeConta`. */
  accountName: string | null;
  /** `itens[]`: 1 sends, 2 WhatsApp, 3 SMS. */
  items: Array<{ id: number | null; name: string | null; quantity: number | null }>;
}

// ---------------------------------------------------------------------------------------------
// 3.13 GET /api/v1/conta/dados-assinatura

export interface AccountSubscription {
  /** `Conta`. */
  account: { id: Guid | null; name: string | null; status: AccountUserStatus; statusText: string | null };
  /** `plano`. */
  plan: {
    id: Guid | null;
    /** `tipoPlano`: C / P / G. */
    type: string | null;
    name: string | null;
    /** `periodo`: A annual / M monthly. */
    period: string | null;
    /** `valor`. */
    value: number | null;
  } | null;
  /** `assinatura`. */
  subscription: {
    id: Guid | null;
    /** `inicioVigencia`. */
    validFrom: Date | null;
    /** `fimVigencia`. */
    validTo: Date | null;
    trial: boolean | null;
    /** `itens[]`: 1 sends, 2 WhatsApp, 3 SMS. */
    items: Array<{ id: number | null; name: string | null; balance: number | null; allowsOverage: boolean | null }>;
  } | null;
}

// ---------------------------------------------------------------------------------------------
// 3.14 POST /api/v1/confwebhook

export interface ArqsignWebhookDadosRetornoRequest {
  processo?: ArqsignBit | null;
  signatarios?: ArqsignBit | null;
  documentos?: ArqsignBit | null;
  documentosTipo?: ArquivoTipo | null;
  linkDocCompartilhado?: ArqsignBit | null;
  registrosAssinatura?: ArqsignBit | null;
  registrosAssinaturaTipo?: ArquivoTipo | null;
}

export interface ArqsignCreateWebhookConfigRequest {
  nome: string;
  status: WebhookConfigStatusInput;
  urlPublicar: string;
  aguardarRetorno?: ArqsignBit | null;
  usuarios?: Guid[] | null;
  grupos?: Guid[] | null;
  pastas?: Guid[] | null;
  gatilhos: Gatilho[];
  dadosRetorno?: ArqsignWebhookDadosRetornoRequest | null;
}

export interface ArqsignCreateWebhookConfigResponse {
  id: Guid;
  nome: string;
  chaveHMAC: string;
}

export interface CreatedWebhookConfig {
  id: Guid;
  name: string | null;
  /** `chaveHMAC`: store it; never log it. */
  hmacSecret: string | null;
}

// ---------------------------------------------------------------------------------------------
// 3.15 GET /api/v1/confwebhook

export type WebhookConfigStatus = 'ACTIVE' | 'INACTIVE' | 'INACTIVE_BY_FAILURES' | 'UNKNOWN';

export interface WebhookConfig {
  id: Guid;
  name: string | null;
  /** 1 Ativo, 2 Inativo, 3 Inativo por falhas. */
  status: WebhookConfigStatus;
  statusId: number | null;
  /** `urlPublicar`. */
  url: string | null;
  /** `aguardaRetorno` (also read as `aguardarRetorno`, docs/arqsign-gaps.md#gap-06). */
  waitForResponse: boolean | null;
  /** `hmac` (also read as `chaveHMAC`): never log it. */
  hmacSecret: string | null;
  users: Guid[];
  groups: Guid[];
  folders: Guid[];
  /** `gatilhos[]`; `active` false = trigger inactivated by recurring failures. */
  triggers: Array<{ id: number | null; name: string | null; active: boolean | null }>;
  returnData: {
    process: boolean | null;
    signers: boolean | null;
    documents: boolean | null;
    documentsType: number | null;
    /** `linkDocumentoCompartilhado` (also read as `linkDocCompartilhado`, docs/arqsign-gaps.md#gap-06). */
    sharedDocumentLink: boolean | null;
    signatureRecords: boolean | null;
    signatureRecordsType: number | null;
  } | null;
}
