/**
 * docs/arqsign-gaps.md#gap-05: the resend body's "validate the document number" flag is spelled `validar` in the
 * manual's example and table but `validarDocumento` in its prose. The client sends the configured
 * spelling and, when ArqSIGN rejects an unknown parameter, retries once with the other one.
 */
import type { ArqsignError } from './arqsign-client.errors';
import type { ArqsignResendRecipientEdit } from './arqsign.types';
import { normalizeLabel } from './lenient';

export type ValidateKey = 'validar' | 'validarDocumento';

const UNKNOWN_PARAM = normalizeLabel('Algum parâmetro está incorreto ou é inexistente.');

export function otherValidateKey(key: ValidateKey): ValidateKey {
  return key === 'validar' ? 'validarDocumento' : 'validar';
}

export function usesValidateKey(edits: ArqsignResendRecipientEdit[]): boolean {
  return edits.some((e) => [e.dadosAssinatura?.signatario, e.dadosAssinatura?.empresa].some((p) => p && 'validar' in p));
}

export function isUnknownParameterError(error: ArqsignError): boolean {
  return error.code === 'ARQSIGN.VALIDATION' && error.messages.some((m) => normalizeLabel(m) === UNKNOWN_PARAM);
}

/** The edits with `validar` sent as `key`; everything else untouched. */
export function renameValidateKey(edits: ArqsignResendRecipientEdit[], key: ValidateKey): unknown {
  if (key === 'validar') return edits;
  const rename = (person: object | null | undefined) => {
    if (!person || !('validar' in person)) return person;
    const { validar, ...rest } = person as { validar?: unknown };
    return { ...rest, validarDocumento: validar };
  };
  return edits.map((e) =>
    e.dadosAssinatura
      ? { ...e, dadosAssinatura: { ...e.dadosAssinatura, signatario: rename(e.dadosAssinatura.signatario), empresa: rename(e.dadosAssinatura.empresa) } }
      : e,
  );
}
