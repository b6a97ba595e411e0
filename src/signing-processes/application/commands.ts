import type { AccessCodeChannel, CompanyDocumentType, OtherDocument, PersonDocumentType, SignatureBox } from '../domain/send-options';
import type { DeliveryChannel, ProcessStatus, SignAs, SignatureType, SignerAction } from '../domain/process-status';
import type { PagingLimits } from '../../shared/http/cursor-page';

/** A signer as a client describes it; defaults are applied by `toNewSigner`. */
export interface SignerInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  order?: number | null;
  action?: SignerAction;
  delivery?: DeliveryChannel;
  signAs?: SignAs;
  signatureType?: SignatureType;
  roles?: { person?: string[]; company?: string[] };
  accessCode?: { code: string; channel: AccessCodeChannel; phone?: string | null; email?: string | null; allowResend?: boolean };
  message?: { title: string; text: string };
  attachments?: { name: string; required?: boolean; visibleToAll?: boolean }[];
  positions?: { document: number; person?: SignatureBox; company?: SignatureBox }[];
  signerData?: { person?: PartyInput; company?: PartyInput; extra?: { label: string; value: string }[] };
  typedData?: { person?: TypedInput<PersonDocumentType>; company?: TypedInput<CompanyDocumentType> };
}

export interface PartyInput {
  name?: string;
  documentNumber?: string;
  validate?: boolean;
}

export interface TypedInput<T> {
  name?: boolean;
  document?: T;
  otherDocument?: OtherDocument;
}

export interface SettingsInput {
  useSigningOrder?: boolean;
  expirationDays?: number;
  expirationWarningDays?: number;
  reminderFrequencyDays?: number;
  generateQrCode?: boolean;
  requireReading?: boolean;
  renewalMonths?: number;
  message?: { title?: string; text?: string };
}

export interface DocumentInput {
  fileName: string;
  content: Buffer;
  /** How the request named this document's fields, so a 400 points at what the client sent. */
  fields: { fileName: string; content: string };
}

export interface CreateProcessCommand {
  name: string;
  externalId?: string | null;
  documents: DocumentInput[];
  signers: SignerInput[];
  settings?: SettingsInput;
  metadata?: Record<string, unknown> | null;
}

export interface SignerEditInput {
  signerId: string;
  name?: string;
  email?: string | null;
  phone?: string | null;
  delivery?: DeliveryChannel;
}

export interface RestartCommand {
  name?: string;
  externalId?: string | null;
  signers?: SignerInput[];
  settings?: SettingsInput;
  metadata?: Record<string, unknown> | null;
}

/** The page size of `GET /v1/processes` and of `SigningProcessesService.list`. */
export const PROCESS_PAGE: PagingLimits = { default: 20, max: 100 };

export interface ListProcessesQuery {
  statuses?: ProcessStatus[];
  externalId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  cursor?: string;
}
