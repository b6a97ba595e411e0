import type { ArqsignResendRecipientEdit } from '../../arqsign-client';
import type { SignerEdit } from '../domain/history-entry';
import { DeliveryChannel, SignerAction, SignerStatus } from '../domain/process-status';
import type { RuleViolation } from '../domain/rule-violation';
import { checkContact, phoneForArqsign } from '../domain/signer-contact';
import type { SigningProcess } from '../domain/signing-process';
import type { SignerEditInput } from './commands';
import { throwIfAny } from './process-input';

/**
 * Checks a resend's signer edits against the process (400s naming `signers.N.field`) and builds
 * ArqSIGN's resend body: one element per edited signer carrying the contact of its (new) channel.
 */
export function planResend(process: SigningProcess, inputs: SignerEditInput[]): { edits: SignerEdit[]; arqsignEdits: ArqsignResendRecipientEdit[] } {
  const violations: RuleViolation[] = [];
  const seen = new Set<string>();
  const edits: SignerEdit[] = [];
  const arqsignEdits: ArqsignResendRecipientEdit[] = [];
  inputs.forEach((input, i) => {
    const at = `signers.${i}`;
    const signer = process.signers.find((s) => s.id === input.signerId);
    if (!signer) return violations.push({ field: `${at}.signerId`, message: 'is not a signer of this process' });
    if (seen.has(signer.id)) return violations.push({ field: `${at}.signerId`, message: 'appears twice' });
    seen.add(signer.id);
    if (signer.action !== SignerAction.SIGN) return violations.push({ field: `${at}.signerId`, message: 'is a COPY recipient: only signers are resent' });
    if (signer.status === SignerStatus.SIGNED || signer.status === SignerStatus.REFUSED) {
      return violations.push({ field: `${at}.signerId`, message: `has status ${signer.status}: only pending signers can be edited` });
    }
    const edit: SignerEdit = { signerId: signer.id, ...definedOnly(input) };
    const email = edit.email !== undefined ? edit.email?.trim() || null : signer.email;
    const phone = edit.phone !== undefined ? edit.phone?.trim() || null : signer.phone;
    const delivery = edit.delivery ?? signer.delivery;
    if (edit.name !== undefined && !edit.name.trim()) violations.push({ field: `${at}.name`, message: 'must not be empty' });
    violations.push(...checkContact({ email, phone, delivery, action: signer.action, signatureType: signer.options.signatureType }, at, false));
    edits.push({ ...edit, ...(edit.email !== undefined ? { email } : {}), ...(edit.phone !== undefined ? { phone } : {}) });
    arqsignEdits.push({
      idProcessoDestinatario: signer.arqsignSignerId!,
      idFormaEnvioProcesso: delivery === DeliveryChannel.EMAIL ? 1 : 2,
      ...(edit.name !== undefined ? { nome: edit.name.trim() } : {}),
      ...(delivery === DeliveryChannel.EMAIL ? { email } : { telefone: phoneForArqsign(phone) }),
    });
  });
  throwIfAny(violations);
  return { edits, arqsignEdits };
}

function definedOnly(input: SignerEditInput): Omit<SignerEdit, 'signerId'> {
  const { signerId: _signerId, ...rest } = input;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
