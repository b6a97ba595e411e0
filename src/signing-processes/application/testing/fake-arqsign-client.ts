import { randomUUID } from 'node:crypto';
import { ArqsignAlreadyFinishedError, ArqsignNotFoundError } from '../../../arqsign-client/arqsign-client.errors';
import { ArqsignClient } from '../../../arqsign-client/arqsign-client.port';
import type {
  ArqsignResendRecipientEdit,
  ArqsignSendProcessRequest,
  CancelProcessResult,
  PendingRecipient,
  ProcessDetails,
  ProcessSigner,
  SendProcessResult,
} from '../../../arqsign-client/arqsign.types';

type Call = { method: 'sendProcess' | 'getProcess' | 'resendProcess' | 'cancelProcess'; args: unknown[] };

const notUsed = (): never => {
  throw new Error('not used by the signing-process tests');
};

/**
 * ArqSIGN for service tests: `sendProcess` creates a process view that `getProcess` returns and
 * tests can change (`views`); every call is recorded. Set `failNext` to make the next call throw.
 */
export class FakeArqsignClient extends ArqsignClient {
  readonly calls: Call[] = [];
  readonly views = new Map<string, ProcessDetails>();
  readonly requests: ArqsignSendProcessRequest[] = [];
  private failures: { method: Call['method']; error: Error }[] = [];

  failNext(method: Call['method'], error: Error): void {
    this.failures.push({ method, error });
  }

  callsOf(method: Call['method']): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  async sendProcess(request: ArqsignSendProcessRequest): Promise<SendProcessResult> {
    this.requests.push(request); // even when the call then fails: it may have reached ArqSIGN
    this.record('sendProcess', request);
    const processId = randomUUID();
    const now = new Date();
    const signers: ProcessSigner[] = request.destinatarios.map((d) => ({
      id: randomUUID(),
      order: d.ordemAssinatura ?? null,
      name: d.nome,
      email: d.email ?? null,
      phone: d.telefone ?? null,
      action: d.idTipoAcao === 1 ? 'SIGN' : 'COPY',
      actionText: null,
      waitingForTurn: false,
      deliveryFailed: false,
      copySent: false,
      isSender: false,
      refused: false,
      refusalReason: null,
      naturalPersonRoles: [],
      legalEntityRoles: [],
      hasSecurityCode: false,
      signed: false,
      signature: null,
    }));
    const documents = request.documentos.map((d) => ({ id: randomUUID(), order: d.ordemDocumento ?? 1, name: d.nomeComExtensao, contentBase64: d.arquivo, signatureRecord: null }));
    this.views.set(processId, {
      processId,
      name: request.nomeProcesso,
      folderId: request.idPasta,
      folderPath: null,
      responsibleId: request.idResponsavel,
      responsibleName: 'Ana',
      status: 'WAITING',
      statusText: 'Aguardando',
      createdAt: now,
      sentAt: now,
      concludedAt: null,
      renewalAt: null,
      cancelledAt: null,
      cancelledBy: null,
      resentAt: null,
      expiresAt: new Date(now.getTime() + 30 * 86_400_000),
      expirationDays: 30,
      expirationWarningDays: 5,
      reminders: true,
      reminderFrequencyDays: 3,
      signers,
      documents,
    });
    return {
      processId,
      documents: documents.map((d) => ({ id: d.id, order: d.order, name: d.name })),
      recipients: signers.map((s) => ({ id: s.id, order: s.order, deliveryAddress: s.email ?? s.phone, name: s.name, attachmentRequests: [] })),
    };
  }

  async getProcess(processId: string): Promise<ProcessDetails> {
    this.record('getProcess', processId);
    const view = this.views.get(processId);
    if (!view) throw new ArqsignNotFoundError({ endpoint: 'getProcess', httpStatus: 404 });
    return structuredClone(view);
  }

  async resendProcess(processId: string, edits: ArqsignResendRecipientEdit[] = []): Promise<PendingRecipient[]> {
    this.record('resendProcess', processId, edits);
    const view = this.views.get(processId)!;
    for (const edit of edits) {
      const signer = view.signers.find((s) => s.id === edit.idProcessoDestinatario)!;
      signer.email = edit.email ?? null;
      signer.phone = edit.telefone ?? null;
      signer.deliveryFailed = false;
    }
    return view.signers
      .filter((s) => s.action === 'SIGN' && !s.signed)
      .map((s) => ({ id: s.id, order: s.order, deliveryAddress: s.email ?? s.phone, name: s.name, attachmentRequests: [] }));
  }

  async cancelProcess(processId: string): Promise<CancelProcessResult> {
    this.record('cancelProcess', processId);
    const view = this.views.get(processId)!;
    if (view.status === 'CONCLUDED' || view.status === 'CANCELLED') {
      throw new ArqsignAlreadyFinishedError({ endpoint: 'cancelProcess', httpStatus: 422, state: view.status === 'CONCLUDED' ? 'CONCLUDED' : 'CANCELLED' });
    }
    view.status = 'CANCELLED';
    view.cancelledAt = new Date();
    return { processId, message: 'Documento cancelado com sucesso' };
  }

  getProcessStatus = notUsed;
  getSigners = notUsed;
  getSignerAttachments = notUsed;
  getSignatureRecord = notUsed;
  findFolders = notUsed;
  findUsers = notUsed;
  getSignerRoles = notUsed;
  getUsage = notUsed;
  getAccount = notUsed;
  createWebhookConfig = notUsed;
  listWebhookConfigs = notUsed;
  changeWebhookConfigStatus = notUsed;

  private record(method: Call['method'], ...args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failures.findIndex((f) => f.method === method);
    if (failure >= 0) throw this.failures.splice(failure, 1)[0].error;
  }
}
