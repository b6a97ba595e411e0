import { DeliveryChannel, SignatureType, SignerAction } from './process-status';
import type { RuleViolation } from './rule-violation';
import { checkContact, deliveryAddress } from './signer-contact';

export type { RuleViolation } from './rule-violation';

/**
 * ArqSIGN's send rules (docs/arqsign.md#send-v2), checked before anything is stored or sent so the
 * client gets a 400 naming the field instead of a SEND_FAILED. Field-level types and ranges are
 * the DTO's job; these are the rules that span fields or need the file bytes.
 */
export const SEND_LIMITS = {
  maxDocuments: 25,
  maxFileNameLength: 150,
  maxTotalBytes: 100 * 1024 * 1024,
  maxMetadataBytes: 16 * 1024,
} as const;

export interface DocumentDraft {
  fileName: string;
  content: Buffer;
}

export interface SignerDraft {
  name: string;
  email: string | null;
  phone: string | null;
  order: number | null;
  action: SignerAction;
  delivery: DeliveryChannel;
  signatureType: SignatureType;
}

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');
// eslint-disable-next-line no-control-regex
const UNSAFE_FILE_NAME = /[/\\\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

export function checkDocuments(documents: DocumentDraft[], field = (i: number, key: 'fileName' | 'content') => `documents.${i}.${key}`): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (documents.length < 1) violations.push({ field: 'documents', message: 'at least one PDF is required' });
  if (documents.length > SEND_LIMITS.maxDocuments) violations.push({ field: 'documents', message: `at most ${SEND_LIMITS.maxDocuments} PDFs per process` });
  const seen = new Map<string, number>();
  let total = 0;
  documents.forEach((document, i) => {
    const name = document.fileName.trim();
    if (!name) violations.push({ field: field(i, 'fileName'), message: 'must not be empty' });
    else if (name.length > SEND_LIMITS.maxFileNameLength) violations.push({ field: field(i, 'fileName'), message: `must be at most ${SEND_LIMITS.maxFileNameLength} characters` });
    else if (UNSAFE_FILE_NAME.test(name) || name === '.' || name === '..') violations.push({ field: field(i, 'fileName'), message: 'must not contain path separators or control characters' });
    const key = name.toLowerCase();
    if (name && seen.has(key)) violations.push({ field: field(i, 'fileName'), message: `repeats the name of document ${seen.get(key)} (names must be unique)` });
    else seen.set(key, i);
    if (!document.content.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) violations.push({ field: field(i, 'content'), message: 'is not a PDF (must start with %PDF-)' });
    total += document.content.length;
  });
  if (total > SEND_LIMITS.maxTotalBytes) violations.push({ field: 'documents', message: 'PDFs must not exceed 100 MB in total' });
  return violations;
}

export function checkSigners(signers: SignerDraft[], useSigningOrder: boolean, path = 'signers'): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (!signers.some((s) => s.action === SignerAction.SIGN)) violations.push({ field: path, message: 'at least one signer must have action SIGN' });
  const byOrder = new Map<string, number>();
  signers.forEach((signer, i) => {
    const at = `${path}.${i}`;
    if (!signer.name.trim()) violations.push({ field: `${at}.name`, message: 'must not be empty' });
    if (!signer.email && !signer.phone) violations.push({ field: `${at}.email`, message: 'email or phone is required' });
    violations.push(...checkContact(signer, at, true));
    if (signer.action !== SignerAction.SIGN) return;
    if (useSigningOrder && !(signer.order && signer.order >= 1)) violations.push({ field: `${at}.order`, message: 'is required for SIGN signers when settings.useSigningOrder is true' });
    // ArqSIGN refuses the same recipient twice in one signing order (without order, everyone is order 1).
    const contact = deliveryAddress(signer);
    if (!contact) return;
    const key = `${useSigningOrder ? (signer.order ?? 0) : 1}|${contact}`;
    if (byOrder.has(key)) {
      violations.push({ field: `${at}.${signer.delivery === DeliveryChannel.EMAIL ? 'email' : 'phone'}`, message: `same recipient as ${path}.${byOrder.get(key)} in the same signing order` });
    } else byOrder.set(key, i);
  });
  return violations;
}

export function checkMetadata(metadata: Record<string, unknown> | null): RuleViolation[] {
  if (!metadata) return [];
  return Buffer.byteLength(JSON.stringify(metadata)) > SEND_LIMITS.maxMetadataBytes ? [{ field: 'metadata', message: 'must be at most 16 KB of JSON' }] : [];
}
