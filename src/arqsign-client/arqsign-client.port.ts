import type {
  AccountSubscription,
  AccountUser,
  ArqsignCreateWebhookConfigRequest,
  ArqsignFindFoldersRequest,
  ArqsignFindUsersRequest,
  ArqsignResendRecipientEdit,
  ArqsignSendProcessRequest,
  ArqsignSignerAttachmentsRequest,
  ArqsignUsageRequest,
  CancelProcessResult,
  CreatedWebhookConfig,
  Folder,
  PendingRecipient,
  ProcessDetails,
  ProcessStatusResult,
  SendProcessResult,
  SignatureRecord,
  SignerAttachments,
  SignerRole,
  SignersSummary,
  UsageReport,
  WebhookConfig,
  WebhookConfigStatusInput,
} from './arqsign.types';

/**
 * The ArqSIGN REST API (docs/arqsign.md#endpoints), one method per endpoint. Also the DI token: inject
 * `ArqsignClient` and bind it to `HttpArqsignClient` (or a fake in tests).
 *
 * Every method rejects only with an `ArqsignError` subclass (see `arqsign-client.errors.ts`).
 */
export abstract class ArqsignClient {
  /** 3.1 POST /api/v2/processo/enviar-documento-para-assinar. Never retried once it may have
   * reached ArqSIGN: a timeout, lost connection or 5xx rejects with `ArqsignUncertainError`. */
  abstract sendProcess(request: ArqsignSendProcessRequest): Promise<SendProcessResult>;

  /** 3.2 GET /api/v2/processo/{idProcesso}: full process with Base64 files and records. */
  abstract getProcess(processId: string): Promise<ProcessDetails>;

  /** 3.3 PATCH /api/v2/processo/{idProcesso}/reenviar-processo. `[]` = plain resend (renews
   * links and deadline). Returns every signer still pending. Not retried once it may have
   * reached ArqSIGN (signers would be notified twice). */
  abstract resendProcess(processId: string, edits?: ArqsignResendRecipientEdit[]): Promise<PendingRecipient[]>;

  /** 3.4 GET /api/v1/processo/{idProcesso}/status-do-processo. */
  abstract getProcessStatus(processId: string): Promise<ProcessStatusResult>;

  /** 3.5 GET /api/v1/processo/{idProcesso}/dados-signatarios. */
  abstract getSigners(processId: string): Promise<SignersSummary>;

  /** 3.6 PATCH /api/v1/processo/{idProcesso}/cancelar-processo. A concluded or cancelled process
   * rejects with `ArqsignAlreadyFinishedError` (`state` says which). */
  abstract cancelProcess(processId: string): Promise<CancelProcessResult>;

  /** 3.7 POST /api/v1/processo/{idProcesso}/buscar-anexos-signatarios. */
  abstract getSignerAttachments(processId: string, request: ArqsignSignerAttachmentsRequest): Promise<SignerAttachments[]>;

  /** 3.8 GET /api/v1/processo/{idArquivoProcesso}/registro-assinaturas (a DOCUMENT id). */
  abstract getSignatureRecord(documentId: string): Promise<SignatureRecord>;

  /** 3.9 POST /api/v1/diretorio/buscar-pastas. */
  abstract findFolders(request: ArqsignFindFoldersRequest): Promise<Folder[]>;

  /** 3.10 POST /api/v1/usuarios/buscar-usuarios. */
  abstract findUsers(request: ArqsignFindUsersRequest): Promise<AccountUser[]>;

  /** 3.11 GET /api/v1/conta/papeis-signatarios. */
  abstract getSignerRoles(): Promise<SignerRole[]>;

  /** 3.12 POST /api/v1/conta/buscar-consumo-itens-assinatura. */
  abstract getUsage(request: ArqsignUsageRequest): Promise<UsageReport>;

  /** 3.13 GET /api/v1/conta/dados-assinatura: account, plan and credit balances. */
  abstract getAccount(): Promise<AccountSubscription>;

  /** 3.14 POST /api/v1/confwebhook. Not retried once it may have reached ArqSIGN (list first
   * to find an existing configuration; the list also carries the HMAC secret). */
  abstract createWebhookConfig(request: ArqsignCreateWebhookConfigRequest): Promise<CreatedWebhookConfig>;

  /** 3.15 GET /api/v1/confwebhook. */
  abstract listWebhookConfigs(): Promise<WebhookConfig[]>;

  /** 3.16 PATCH /api/v1/confwebhook/{idConfWebHook}/alterar-status (1 Ativo, 2 Inativo). */
  abstract changeWebhookConfigStatus(webhookConfigId: string, status: WebhookConfigStatusInput): Promise<void>;

  /** Releases timers and aborts in-flight calls. Default: nothing to release. */
  async close(): Promise<void> {}
}
