import { ChangeSource, DeliveryChannel, Origin, ProcessStatus, SignAs, SignatureType, SignerAction } from '../process-status';
import { NewProcess, NewSigner, SigningProcess } from '../signing-process';

export const API: Origin = { source: ChangeSource.API, actor: 'erp' };
export const WEBHOOK: Origin = { source: ChangeSource.WEBHOOK, actor: 'arqsign' };
export const SYNC: Origin = { source: ChangeSource.SYNC, actor: 'erp' };
export const T0 = new Date('2026-01-10T12:00:00.000Z');
export const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function newSigner(overrides: Partial<NewSigner> = {}): NewSigner {
  return {
    name: 'Maria Silva',
    email: 'maria@example.com',
    phone: null,
    order: 1,
    action: SignerAction.SIGN,
    delivery: DeliveryChannel.EMAIL,
    options: { signAs: SignAs.PERSON, signatureType: SignatureType.ELECTRONIC, personRoles: [], companyRoles: [] },
    ...overrides,
  };
}

export function newProcess(overrides: Partial<NewProcess> = {}): NewProcess {
  return {
    clientName: 'erp',
    name: 'Contrato 4711',
    externalId: 'ERP-4711',
    signers: [
      newSigner(),
      newSigner({ name: 'João Souza', email: 'joao@example.com', order: 2 }),
      newSigner({ name: 'Arquivo', email: 'arquivo@example.com', order: null, action: SignerAction.COPY }),
    ],
    documents: [{ fileName: 'contrato.pdf', order: 1, size: 1234, sha256: 'a'.repeat(64) }],
    settings: {
      useSigningOrder: true,
      expirationDays: 30,
      expirationWarningDays: null,
      reminderFrequencyDays: 3,
      generateQrCode: true,
      requireReading: false,
      renewalMonths: null,
      message: null,
    },
    metadata: { order: 4711 },
    ...overrides,
  };
}

/** ArqSIGN's answer to the send, linking every signer and document. */
export function sentFor(process: SigningProcess) {
  return {
    arqsignProcessId: 'a0000000-0000-4000-8000-000000000001',
    signers: process.signers.map((s, i) => ({ signerId: s.id, arqsignSignerId: `b0000000-0000-4000-8000-00000000000${i}` })),
    documents: process.documents.map((d, i) => ({ documentId: d.id, arqsignDocumentId: `c0000000-0000-4000-8000-00000000000${i}` })),
  };
}

export const sendError = { code: 'ARQSIGN.VALIDATION', message: 'rejected', arqsignMessages: ['E-mail inválido.'] };

/** A process brought to `status` through legal moves, reloaded so it has no pending history or events. */
export function processIn(status: ProcessStatus): SigningProcess {
  const process = SigningProcess.send(newProcess(), API, T0);
  const sent = () => process.markSent(sentFor(process), API, later(1));
  switch (status) {
    case ProcessStatus.SENDING:
      process.deferSend(sendError, API, later(1)); // deferred, so retrySend is legal too
      break;
    case ProcessStatus.SEND_FAILED:
      process.markSendFailed(sendError, API, later(1));
      break;
    case ProcessStatus.SEND_UNCERTAIN:
      process.markSendUncertain(sendError, API, later(1));
      break;
    case ProcessStatus.IN_PROGRESS:
      sent();
      break;
    case ProcessStatus.EXPIRED:
      sent();
      process.expire(later(2), WEBHOOK);
      break;
    case ProcessStatus.COMPLETED:
      sent();
      process.complete(later(2), WEBHOOK);
      break;
    case ProcessStatus.REFUSED:
      sent();
      process.recordRefusal(process.signers[1].id, 'não concordo', WEBHOOK, later(2));
      break;
    case ProcessStatus.CANCELLED:
      sent();
      process.cancel('wrong file', 'erp', API, later(2));
      break;
  }
  return SigningProcess.restore(process.snapshot());
}
