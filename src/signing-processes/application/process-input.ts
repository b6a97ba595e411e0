import { FieldError, fieldPath, RequestValidationError } from '../../shared/errors/domain-error';
import { ProcessTooLargeError } from './signing-processes.errors';
import { checkDocuments, checkMetadata, checkSigners } from '../domain/process-rules';
import type { RuleViolation } from '../domain/rule-violation';
import { defaultDelivery } from '../domain/signer-contact';
import { SignAs, SignatureType, SignerAction } from '../domain/process-status';
import type { NewSigner } from '../domain/signing-process';
import type { ProcessSettings } from '../domain/signing-process.props';
import type { CreateProcessCommand, PartyInput, SettingsInput, SignerInput } from './commands';
import { DEFAULT_TYPED_DATA, type PrefilledParty, type SendOptions, type SignatureBox } from '../domain/send-options';
import { checkSendOptions, type PageSize } from '../domain/send-options.rules';

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
    delivery: input.delivery ?? defaultDelivery(email, phone),
    options: {
      signAs: input.signAs ?? SignAs.PERSON,
      signatureType: input.signatureType ?? SignatureType.ELECTRONIC,
      personRoles: input.roles?.person ?? [],
      companyRoles: input.roles?.company ?? [],
      ...toSendOptions(input, email, phone),
    },
  };
}

/** The send options with their defaults (docs/send-options.md); absent options stay absent. */
function toSendOptions(input: SignerInput, email: string | null, phone: string | null): SendOptions {
  const party = (p: PartyInput | undefined): PrefilledParty | null =>
    p && (p.name || p.documentNumber) ? { name: p.name?.trim() || null, documentNumber: p.documentNumber?.trim() || null, validate: p.validate ?? false } : null;
  const typed = input.typedData;
  return {
    accessCode: input.accessCode
      ? {
          code: input.accessCode.code,
          channel: input.accessCode.channel,
          phone: input.accessCode.phone?.trim() || phone,
          email: input.accessCode.email?.trim() || email,
          allowResend: input.accessCode.allowResend ?? false,
        }
      : null,
    message: input.message ? { title: input.message.title, text: input.message.text } : null,
    attachments: (input.attachments ?? []).map((a) => ({ name: a.name.trim(), required: a.required ?? true, visibleToAll: a.visibleToAll ?? false })),
    positions: (input.positions ?? []).map((p) => ({ document: p.document, person: p.person ? box(p.person) : null, company: p.company ? box(p.company) : null })),
    signerData: input.signerData
      ? { person: party(input.signerData.person), company: party(input.signerData.company), extra: (input.signerData.extra ?? []).map((e) => ({ label: e.label, value: e.value })) }
      : null,
    typedData: typed
      ? {
          person: {
            name: typed.person?.name ?? DEFAULT_TYPED_DATA.person.name,
            document: typed.person?.document ?? DEFAULT_TYPED_DATA.person.document,
            otherDocument: typed.person?.otherDocument ? { ...typed.person.otherDocument } : null,
          },
          company: {
            name: typed.company?.name ?? DEFAULT_TYPED_DATA.company.name,
            document: typed.company?.document ?? DEFAULT_TYPED_DATA.company.document,
            otherDocument: typed.company?.otherDocument ? { ...typed.company.otherDocument } : null,
          },
        }
      : null,
  };
}

const box = (b: SignatureBox): SignatureBox => ({ page: b.page, x: b.x, y: b.y, width: b.width, height: b.height });

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

export function sendOptionViolations(signers: NewSigner[], pages: PageSize[][]): RuleViolation[] {
  return checkSendOptions(
    signers.map((s) => ({ action: s.action, signatureType: s.options.signatureType, signAs: s.options.signAs, options: s.options })),
    pages,
  );
}

/** ArqSIGN's rules over a whole create request; throws a 400 naming every failing field. */
export function assertValidCreate(command: CreateProcessCommand, signers: NewSigner[], settings: ProcessSettings, pages: PageSize[][]): void {
  throwIfAny([
    ...checkDocuments(command.documents, (i, key) => command.documents[i].fields[key]),
    ...signerRuleViolations(signers, settings),
    ...sendOptionViolations(signers, pages),
    ...checkMetadata(command.metadata ?? null),
  ]);
}

export function throwIfAny(violations: RuleViolation[]): void {
  if (!violations.length) return;
  const fields: FieldError[] = violations.map((v) => ({ field: v.field, problem: v.message }));
  throw new RequestValidationError(fields);
}

export interface SendLimits {
  maxProcessBytes: number;
  maxFileBytes: number;
}

/** The configured caps on decoded PDF bytes (docs/send-options.md#size-limits): 413 naming the limit. */
export function assertWithinSizeCaps(documents: CreateProcessCommand['documents'], limits: SendLimits): void {
  const mb = (bytes: number) => `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;
  const fields: FieldError[] = [];
  let total = 0;
  documents.forEach((d) => {
    total += d.content.length;
    if (d.content.length > limits.maxFileBytes) fields.push({ field: d.fields.content, problem: `is ${mb(d.content.length)}; each PDF may have at most ${mb(limits.maxFileBytes)}` });
  });
  if (total > limits.maxProcessBytes) fields.push({ field: 'documents', problem: `are ${mb(total)} in total; a process may have at most ${mb(limits.maxProcessBytes)} of PDFs` });
  if (fields.length) throw new ProcessTooLargeError(fields.map((f) => ({ field: fieldPath(f.field), problem: f.problem })));
}
