/** In-memory model of a signing process (docs/arqsign.md#status-model, #send-v2, #get-process-v2). Ids are lowercase GUIDs. */

export type ProcessStatus = 'Criado' | 'Aguardando' | 'Em processo' | 'Concluído' | 'Cancelado';

/** `idStatusProcesso` (2.7, [ASSUMED] order of the manual's list). */
export const PROCESS_STATUS_IDS: Record<ProcessStatus, number> = {
  Criado: 1,
  Aguardando: 2,
  'Em processo': 3,
  Concluído: 4,
  Cancelado: 5,
};

export interface SecurityCode {
  codigoSeguranca: string;
  idMeioEnvio: number;
  email: string | null;
  telefone: string | null;
  reenviarCodigo: boolean;
}

export interface CustomDocConfig {
  nomeDocumento: string | null;
  formatoDadosDocumento: number | null;
  qtdeCaracteresDocumento: number | null;
}

export interface PrefillData {
  nome: string | null;
  numeroDocumento: string | null;
  validar: boolean;
}

export interface AttachmentRequest {
  id: string;
  nome: string;
  obrigatorio: boolean;
  exibirTodos: boolean;
}

export interface AttachmentUpload {
  id: string;
  requestId: string;
  requestName: string;
  fileName: string;
  content: Buffer;
}

export interface SignatureData {
  signedAt: Date;
  ip: string;
  geoLocalizacao: string | null;
  pessoaFisica: { nome: string; tipoDocumento: string; numeroDocumento: string } | null;
  pessoaJuridica: { nomeEmpresa: string; tipoDocumento: string; numeroDocumento: string } | null;
  certificado: { nome: string; emissor: string; validadeInicio: string; validadeFim: string } | null;
}

export interface SimRecipient {
  id: string;
  /** 1 sign online, 2 receive a copy. */
  idTipoAcao: 1 | 2;
  /** `ordemAssinatura` as sent (null when absent). */
  ordemEnviada: number | null;
  /** Order used by the state machine: as sent with signing order on, 1 without (signers only). */
  ordem: number;
  nome: string;
  email: string | null;
  telefone: string | null;
  representacaoVisual: number | null;
  assinarComo: number | null;
  papelPessoaFisica: string[] | null;
  papelPessoaJuridica: string[] | null;
  seguranca: SecurityCode | null;
  idTipoAssinatura: number | null;
  tipoDocumentoAInformar: number | null;
  configuracaoDocumentoOutro: CustomDocConfig | null;
  tipoDocumentoEmpresaAInformar: number | null;
  configuracaoDocumentoEmpresaOutro: CustomDocConfig | null;
  prefillSignatario: PrefillData | null;
  prefillEmpresa: PrefillData | null;
  /** `obrigarSignatarioInformarNumeroDocumento(Empresa)`: false = the signer types no number (absent in older snapshots = true). */
  exigeNumeroDocumento?: boolean;
  exigeNumeroDocumentoEmpresa?: boolean;
  anexos: AttachmentRequest[];
  signature: SignatureData | null;
  uploads: AttachmentUpload[];
  refused: boolean;
  motivoRecusa: string | null;
  falhaEnvio: boolean;
  copiaEnviada: boolean;
  remetente: boolean;
}

export interface SimDocument {
  id: string;
  ordem: number;
  nome: string;
  original: Buffer;
  /** Page sizes in millimetres; a single A4 page when the PDF could not be parsed. */
  pages: { widthMm: number; heightMm: number }[];
  /** Set at conclusion. */
  signed: Buffer | null;
  record: Buffer | null;
}

export interface SimProcess {
  id: string;
  nome: string;
  idPasta: string;
  idResponsavel: string;
  status: ProcessStatus;
  deleted: boolean;
  dataCadastro: Date;
  dataEnvio: Date | null;
  dataConclusao: Date | null;
  dataRenovacao: Date | null;
  dataCancelamento: Date | null;
  usuarioCancelamento: string | null;
  dataReenvio: Date | null;
  dataExpiracao: Date;
  /** Trigger 6 already fired for the current deadline. */
  expiryNotified: boolean;
  expiracaoDias: number;
  avisoExpiracaoDias: number;
  frequenciaLembrete: number;
  gerarQrCode: boolean;
  obrigarLeitura: boolean;
  renovacaoMeses: number | null;
  usarOrdemAssinatura: boolean;
  usarPosicaoAssinaturaAutomatica: boolean;
  mensagemPadrao: { titulo: string; texto: string };
  recipients: SimRecipient[];
  documents: SimDocument[];
  /** The send body as received (canonical keys), each `arquivo` replaced by `sha256:<hex>`; absent in older snapshots. */
  sendRequest?: Record<string, unknown>;
}

export const isOpen = (p: SimProcess) => p.status === 'Aguardando' || p.status === 'Em processo';
export const signers = (p: SimProcess) => p.recipients.filter((r) => r.idTipoAcao === 1);
export const isPendingSigner = (r: SimRecipient) => r.idTipoAcao === 1 && !r.signature && !r.refused;

/** The order whose signers currently hold the process (lowest order with a pending signer). */
export function currentOrder(p: SimProcess): number | null {
  const pending = signers(p).filter(isPendingSigner);
  if (!pending.length) return null;
  return Math.min(...pending.map((r) => r.ordem));
}

/** Waiting for a previous order to finish (signing order on, open process). */
export function isAwaitingTurn(p: SimProcess, r: SimRecipient): boolean {
  if (!isOpen(p) || !isPendingSigner(r) || !p.usarOrdemAssinatura) return false;
  const order = currentOrder(p);
  return order !== null && r.ordem > order;
}
