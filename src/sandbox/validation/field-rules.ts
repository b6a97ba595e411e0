/** Field formats the manual names without spelling out (e-mail, phone docs/arqsign-gaps.md#gap-13, CPF/CNPJ/CNH/RG). */

export function isEmail(value: string): boolean {
  return value.length <= 150 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/** 10–15 digits with an optional leading `+`; spaces, dashes, dots and parentheses are ignored (docs/arqsign-gaps.md#gap-13). */
export function normalizePhone(value: string): string | undefined {
  const compact = value.trim().replace(/[\s\-().]/g, '');
  if (!/^\+?\d{10,15}$/.test(compact)) return undefined;
  return compact.replace(/^\+/, '');
}

/** SMS goes to Brazilian numbers only: DDD + number (10–11 digits) or 55 + DDD + number. */
export function isBrazilianPhone(value: string): boolean {
  const digits = normalizePhone(value);
  if (!digits) return false;
  return digits.length <= 11 || (digits.startsWith('55') && digits.length <= 13);
}

const onlyDigits = (s: string) => s.replace(/[.\-/\s]/g, '');

export function isValidCpf(value: string): boolean {
  const cpf = onlyDigits(value);
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digit = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(cpf[i]) * (len + 1 - i);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return digit(9) === Number(cpf[9]) && digit(10) === Number(cpf[10]);
}

export function isValidCnpj(value: string): boolean {
  const cnpj = onlyDigits(value);
  if (!/^\d{14}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return false;
  const digit = (len: number) => {
    const weights = len === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const sum = weights.reduce((acc, w, i) => acc + w * Number(cnpj[i]), 0);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return digit(12) === Number(cnpj[12]) && digit(13) === Number(cnpj[13]);
}

export interface CustomDocRule {
  formatoDadosDocumento: number | null;
  qtdeCaracteresDocumento: number | null;
}

/** `tipoDocumentoAInformar` 1 CPF, 2 CNH, 3 RG, 4 custom; `tipoDocumentoEmpresaAInformar` 4 custom, 5 CNPJ. */
export function isValidDocumentNumber(type: number, value: string, custom: CustomDocRule | null): boolean {
  switch (type) {
    case 1:
      return isValidCpf(value);
    case 2:
      return /^\d{11}$/.test(onlyDigits(value));
    case 3:
      return /^[0-9a-zA-Z]{5,14}$/.test(onlyDigits(value));
    case 5:
      return isValidCnpj(value);
    case 4: {
      if (!custom) return value.trim().length > 0;
      if (custom.formatoDadosDocumento === 2 && !/^\d+$/.test(value)) return false;
      if (custom.qtdeCaracteresDocumento && value.length !== custom.qtdeCaracteresDocumento) return false;
      return value.length > 0;
    }
    default:
      return false;
  }
}

export function documentTypeLabel(type: number | null, custom: { nomeDocumento: string | null } | null): string {
  switch (type) {
    case 1:
      return 'CPF';
    case 2:
      return 'CNH';
    case 3:
      return 'RG';
    case 5:
      return 'CNPJ';
    case 4:
      return custom?.nomeDocumento ?? 'Outro';
    default:
      return 'CPF';
  }
}

/** Deterministic-enough valid CPF/CNPJ generators for simulated signatures. */
export function generateCpf(seed: number): string {
  const base = String(100_000_000 + (seed % 899_999_999)).slice(0, 9);
  for (let d = 0; d < 100; d++) {
    const candidate = base + String(d).padStart(2, '0');
    if (isValidCpf(candidate)) return candidate;
  }
  return '12345678909';
}

export function generateCnpj(seed: number): string {
  const base = String(10_000_000 + (seed % 89_999_999)).slice(0, 8) + '0001';
  for (let d = 0; d < 100; d++) {
    const candidate = base + String(d).padStart(2, '0');
    if (isValidCnpj(candidate)) return candidate;
  }
  return '11222333000181';
}
