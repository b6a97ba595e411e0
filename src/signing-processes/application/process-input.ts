import { FieldError, RequestValidationError } from '../../shared/errors/domain-error';
import { checkDocuments, checkMetadata, checkSigners, RuleViolation } from '../domain/process-rules';
import { DeliveryChannel, SignAs, SignatureType, SignerAction } from '../domain/process-status';
import type { NewSigner } from '../domain/signing-process';
import type { ProcessSettings } from '../domain/signing-process.props';
import type { CreateProcessCommand, SettingsInput, SignerInput } from './commands';

/** Applies the documented defaults: action SIGN, delivery by the contact given, electronic signature as a person. */
export function toNewSigner(input: SignerInput): NewSigner {
  const email = input.email?.trim() || null;
  const phone = input.phone?.trim() || null;
  return {
    name: input.name.trim(),
    email,
    phone,
    order: input.order ?? null,
    action: input.action ?? SignerAction.SIGN,
    delivery: input.delivery ?? (email || !phone ? DeliveryChannel.EMAIL : DeliveryChannel.WHATSAPP),
    options: {
      signAs: input.signAs ?? SignAs.PERSON,
      signatureType: input.signatureType ?? SignatureType.ELECTRONIC,
      personRoles: input.roles?.person ?? [],
      companyRoles: input.roles?.company ?? [],
    },
  };
}

/** Settings with defaults; `useSigningOrder` defaults to "some signer has an order". */
export function toSettings(input: SettingsInput | undefined, signers: NewSigner[], base?: ProcessSettings): ProcessSettings {
  const pick = <T>(value: T | undefined, fallback: T | null): T | null => (value === undefined ? fallback : value);
  return {
    useSigningOrder: input?.useSigningOrder ?? base?.useSigningOrder ?? signers.some((s) => s.order !== null),
    expirationDays: pick(input?.expirationDays, base?.expirationDays ?? null),
    expirationWarningDays: pick(input?.expirationWarningDays, base?.expirationWarningDays ?? null),
    reminderFrequencyDays: pick(input?.reminderFrequencyDays, base?.reminderFrequencyDays ?? null),
    generateQrCode: pick(input?.generateQrCode, base?.generateQrCode ?? null),
    requireReading: pick(input?.requireReading, base?.requireReading ?? null),
    renewalMonths: pick(input?.renewalMonths, base?.renewalMonths ?? null),
    message: input?.message ? { title: input.message.title ?? null, text: input.message.text ?? null } : (base?.message ?? null),
  };
}

export function signerRuleViolations(signers: NewSigner[], settings: ProcessSettings): RuleViolation[] {
  return checkSigners(
    signers.map((s) => ({ ...s, signatureType: s.options.signatureType })),
    settings.useSigningOrder,
  );
}

/** ArqSIGN's rules over a whole create request; throws a 400 naming every failing field. */
export function assertValidCreate(command: CreateProcessCommand, signers: NewSigner[], settings: ProcessSettings): void {
  throwIfAny([
    ...checkDocuments(command.documents, (i, key) => command.documents[i].fields[key]),
    ...signerRuleViolations(signers, settings),
    ...checkMetadata(command.metadata ?? null),
  ]);
}

export function throwIfAny(violations: RuleViolation[]): void {
  if (!violations.length) return;
  const fields: FieldError[] = violations.map((v) => ({ field: v.field, problem: v.message }));
  throw new RequestValidationError(fields);
}
