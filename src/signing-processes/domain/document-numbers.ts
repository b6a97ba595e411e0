import type { OtherDocument } from './send-options';

/** Document-number formats ArqSIGN checks pre-filled numbers against (docs/send-options.md#signer-data). */
const digits = (value: string) => value.replace(/[.\-/\s]/g, '');

export function isValidCpf(value: string): boolean {
  const cpf = digits(value);
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const check = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(cpf[i]) * (len + 1 - i);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return check(9) === Number(cpf[9]) && check(10) === Number(cpf[10]);
}

export function isValidCnpj(value: string): boolean {
  const cnpj = digits(value);
  if (!/^\d{14}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return false;
  const check = (len: number) => {
    const weights = len === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const rest = weights.reduce((acc, w, i) => acc + w * Number(cnpj[i]), 0) % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return check(12) === Number(cnpj[12]) && check(13) === Number(cnpj[13]);
}

/** Null when `value` fits the type, else what is wrong with it. */
export function documentNumberProblem(type: string, value: string, other: OtherDocument | null): string | null {
  switch (type) {
    case 'CPF':
      return isValidCpf(value) ? null : 'is not a valid CPF';
    case 'CNPJ':
      return isValidCnpj(value) ? null : 'is not a valid CNPJ';
    case 'CNH':
      return /^\d{11}$/.test(digits(value)) ? null : 'is not a valid CNH (11 digits)';
    case 'RG':
      return /^[0-9a-zA-Z]{5,14}$/.test(digits(value)) ? null : 'is not a valid RG (5-14 letters or digits)';
    case 'OTHER':
      if (!other) return null;
      if (other.format === 'NUMERIC' && !/^\d+$/.test(value)) return `must be numeric for ${other.name}`;
      return value.length === other.length ? null : `must have exactly ${other.length} characters for ${other.name}`;
    default:
      return 'cannot be given when the signer types no document number';
  }
}
