import type { SignAs } from './process-status';

/**
 * The per-signer options of ArqSIGN's v2 send call beyond sign-as, signature type and roles
 * (docs/send-options.md). All are optional; a process stored before they existed has none of them.
 */

/** Where ArqSIGN sends the 4-digit access code (`idMeioEnvio` 1–4); IN_PERSON = we tell it ourselves. */
export const AccessCodeChannel = { SMS: 'SMS', WHATSAPP: 'WHATSAPP', EMAIL: 'EMAIL', IN_PERSON: 'IN_PERSON' } as const;
export type AccessCodeChannel = (typeof AccessCodeChannel)[keyof typeof AccessCodeChannel];

export interface AccessCodeOptions {
  /** Exactly 4 digits. Kept to send it; never shown back (see `maskAccessCode`). */
  code: string;
  channel: AccessCodeChannel;
  /** The phone (SMS/WHATSAPP) or e-mail (EMAIL) the code goes to. */
  phone: string | null;
  email: string | null;
  /** The signer may ask for the code again (SMS/WHATSAPP only). */
  allowResend: boolean;
}

export interface RequestedAttachment {
  /** Unique per signer, at most 75 characters. */
  name: string;
  required: boolean;
  /** Other recipients can see the upload. */
  visibleToAll: boolean;
}

/** A signature box in millimetres from the page's top-left corner. */
export interface SignatureBox {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SignaturePosition {
  /** The document's order (1-based). */
  document: number;
  person: SignatureBox | null;
  company: SignatureBox | null;
}

export interface PrefilledParty {
  name: string | null;
  documentNumber: string | null;
  /** ArqSIGN checks what the signer types against `documentNumber` instead of only pre-filling it. */
  validate: boolean;
}

export interface SignerData {
  person: PrefilledParty | null;
  company: PrefilledParty | null;
  extra: { label: string; value: string }[];
}

/** Which document number an electronic signer must type (NONE: no number at all). */
export const PersonDocumentType = { CPF: 'CPF', CNH: 'CNH', RG: 'RG', OTHER: 'OTHER', NONE: 'NONE' } as const;
export type PersonDocumentType = (typeof PersonDocumentType)[keyof typeof PersonDocumentType];

export const CompanyDocumentType = { CNPJ: 'CNPJ', OTHER: 'OTHER', NONE: 'NONE' } as const;
export type CompanyDocumentType = (typeof CompanyDocumentType)[keyof typeof CompanyDocumentType];

export interface OtherDocument {
  /** Label shown to the signer (at most 50 characters). */
  name: string;
  format: 'TEXT' | 'NUMERIC';
  length: number;
}

export interface TypedData<T extends string> {
  name: boolean;
  document: T;
  otherDocument: OtherDocument | null;
}

/** What an electronic signer types when signing; the default is today's: name + CPF, company name + CNPJ. */
export interface RequiredTypedData {
  person: TypedData<PersonDocumentType>;
  company: TypedData<CompanyDocumentType>;
}

export const DEFAULT_TYPED_DATA: RequiredTypedData = {
  person: { name: true, document: PersonDocumentType.CPF, otherDocument: null },
  company: { name: true, document: CompanyDocumentType.CNPJ, otherDocument: null },
};

export interface SendOptions {
  accessCode?: AccessCodeOptions | null;
  message?: { title: string; text: string } | null;
  attachments?: RequestedAttachment[];
  positions?: SignaturePosition[];
  signerData?: SignerData | null;
  typedData?: RequiredTypedData | null;
}

/** `1234` → `****`: the code is a secret between the sender and the signer. */
export const maskAccessCode = (code: string): string => '*'.repeat(code.length);

export const signsAsPerson = (signAs: SignAs) => signAs !== 'COMPANY';
export const signsAsCompany = (signAs: SignAs) => signAs !== 'PERSON';
