import type { SendOptions } from './send-options';
import type { ArchiveStatus, DeliveryChannel, ProcessStatus, SignAs, SignatureType, SignerAction, SignerStatus } from './process-status';

/** ArqSIGN options of one signer that we pass through to the v2 send call. */
export interface SignerOptions extends SendOptions {
  signAs: SignAs;
  signatureType: SignatureType;
  /** ArqSIGN `papelPessoaFisica` / `papelPessoaJuridica`: role names defined in the account. */
  personRoles: string[];
  companyRoles: string[];
}

export interface SignerProps {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** Signing order (ArqSIGN `ordemAssinatura`); null when order is not used. */
  order: number | null;
  action: SignerAction;
  delivery: DeliveryChannel;
  status: SignerStatus;
  signedAt: Date | null;
  refusalReason: string | null;
  /** ArqSIGN `idProcessoDestinatario`. */
  arqsignSignerId: string | null;
  /** ArqSIGN's signature data (type, IP, person/company data), as reported. */
  signature: Record<string, unknown> | null;
  options: SignerOptions;
}

export interface DocumentProps {
  id: string;
  fileName: string;
  /** 1-based, unique within the process (ArqSIGN `ordemDocumento`). */
  order: number;
  size: number;
  sha256: string;
  /** ArqSIGN `documentos[].id`. */
  arqsignDocumentId: string | null;
}

export interface ProcessSettings {
  useSigningOrder: boolean;
  expirationDays: number | null;
  expirationWarningDays: number | null;
  reminderFrequencyDays: number | null;
  generateQrCode: boolean | null;
  requireReading: boolean | null;
  renewalMonths: number | null;
  message: { title: string | null; text: string | null } | null;
}

export interface ProcessError {
  /** Our error code, e.g. `ARQSIGN.INSUFFICIENT_CREDITS`. */
  code: string;
  message: string;
  /** ArqSIGN's own messages, verbatim. */
  arqsignMessages: string[];
}

export interface SigningProcessProps {
  id: string;
  clientName: string;
  name: string;
  externalId: string | null;
  status: ProcessStatus;
  arqsignProcessId: string | null;
  signers: SignerProps[];
  documents: DocumentProps[];
  settings: ProcessSettings;
  metadata: Record<string, unknown> | null;
  error: ProcessError | null;
  refusal: { signerId: string | null; reason: string | null } | null;
  archive: { status: ArchiveStatus; error: string | null };
  restartedFrom: string | null;
  restartedTo: string | null;
  /** When the last send attempt started; a SENDING process with no outcome long after is uncertain. */
  sendAttemptedAt: Date | null;
  /** The last send attempt certainly did not reach ArqSIGN (it was down): safe to send again. */
  sendDeferred: boolean;
  expiredAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic-lock version, as loaded. */
  version: number;
}
