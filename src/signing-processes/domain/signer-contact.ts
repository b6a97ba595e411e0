import { DeliveryChannel, SignatureType, SignerAction } from './process-status';
import type { RuleViolation } from './rule-violation';

/**
 * How a signer is reached: reading, normalising and comparing e-mails and phones, the channel a
 * signer is delivered on by default, which channels a signer may use, and "the other channel"
 * the automatic resend uses (docs/behaviour.md#automatic-behaviour). Every other file asks here.
 */

export interface SignerContact {
  email: string | null;
  phone: string | null;
  delivery: DeliveryChannel;
}

/** Answered for a phone that is not 10–15 digits (the signer's, a resend's, an access code's). */
export const PHONE_FORMAT_MESSAGE = 'must have 10-15 digits with the country code, e.g. +5511999990000';

/** The same e-mail check ArqSIGN's simulator applies (≤ 150 characters). */
export function isEmail(value: string): boolean {
  return value.length <= 150 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Digits only (with country code), as sent to ArqSIGN; undefined when it is not 10–15 digits (docs/arqsign-gaps.md#gap-13). */
export function normalizePhone(value: string): string | undefined {
  const compact = value.trim().replace(/[\s\-().]/g, '');
  return /^\+?\d{10,15}$/.test(compact) ? compact.replace(/^\+/, '') : undefined;
}

/** The phone as sent to ArqSIGN: normalised, or as given when it cannot be (validation refused those earlier). */
export function phoneForArqsign<T extends string | null | undefined>(phone: T): string | T {
  return normalizePhone(phone ?? '') ?? phone;
}

/** Without an explicit channel: e-mail when there is one (or no phone either), else WhatsApp. */
export function defaultDelivery(email: string | null, phone: string | null): DeliveryChannel {
  return email || !phone ? DeliveryChannel.EMAIL : DeliveryChannel.WHATSAPP;
}

/** The contact ArqSIGN delivers to, normalised for comparisons. */
export function deliveryAddress(signer: SignerContact): string | undefined {
  if (signer.delivery === DeliveryChannel.EMAIL) return normalizeEmail(signer.email);
  return signer.phone ? normalizePhone(signer.phone) : undefined;
}

/** A recipient's address as ArqSIGN reports it (an e-mail or a phone in one field), normalised like `deliveryAddress`. */
export function reportedAddress(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return value.includes('@') ? normalizeEmail(value) : normalizePhone(value);
}

/** WhatsApp carries only electronic signatures (a COPY recipient signs nothing). */
export function whatsAppAllowed(action: SignerAction, signatureType: SignatureType): boolean {
  return action !== SignerAction.SIGN || signatureType === SignatureType.ELECTRONIC;
}

/**
 * The channel a signer can be reached on besides the current one, or null: WhatsApp needs a phone
 * and an electronic signature, e-mail an address.
 */
export function otherChannel(signer: Readonly<SignerContact & { options: { signatureType: SignatureType } }>): DeliveryChannel | null {
  if (signer.delivery === DeliveryChannel.EMAIL) {
    return signer.phone && signer.options.signatureType === SignatureType.ELECTRONIC ? DeliveryChannel.WHATSAPP : null;
  }
  return signer.email ? DeliveryChannel.EMAIL : null;
}

/**
 * The contact rules of one signer at `at` (e.g. `signers.0`): a valid e-mail and phone when given,
 * the contact its channel needs, WhatsApp only where allowed. `copyMayUseWhatsApp` names COPY
 * recipients in the message where they are possible (a create; a resend only edits signers).
 */
export function checkContact(
  contact: SignerContact & { action: SignerAction; signatureType: SignatureType },
  at: string,
  copyMayUseWhatsApp: boolean,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (contact.email && !isEmail(contact.email)) violations.push({ field: `${at}.email`, message: 'must be a valid e-mail address' });
  if (contact.phone && !normalizePhone(contact.phone)) violations.push({ field: `${at}.phone`, message: PHONE_FORMAT_MESSAGE });
  if (contact.delivery === DeliveryChannel.EMAIL && !contact.email) violations.push({ field: `${at}.delivery`, message: 'EMAIL delivery needs an email' });
  if (contact.delivery === DeliveryChannel.WHATSAPP && !contact.phone) violations.push({ field: `${at}.delivery`, message: 'WHATSAPP delivery needs a phone' });
  if (contact.delivery === DeliveryChannel.WHATSAPP && !whatsAppAllowed(contact.action, contact.signatureType)) {
    const message = `WHATSAPP delivery is only possible for ELECTRONIC signatures${copyMayUseWhatsApp ? ' or COPY recipients' : ''}`;
    violations.push({ field: `${at}.delivery`, message });
  }
  return violations;
}

function normalizeEmail(value: string | null): string | undefined {
  return value?.trim().toLowerCase() || undefined;
}
