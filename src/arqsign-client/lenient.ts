/**
 * Tolerant reading of ArqSIGN JSON (docs/arqsign.md#json-casing-and-booleans, #dates-and-time-zone, #general-block and docs/arqsign-gaps.md#gap-03, #gap-07, #gap-09, #gap-24).
 *
 * ArqSIGN mixes camelCase and PascalCase (even inside one response), types booleans as
 * `true`/`"true"`/`1`/`"1"`, leaves date formats unspecified and has typos with trailing spaces in
 * keys. Everything here accepts all of those and never throws: unusable values read as `undefined`.
 * Reusable by any module that reads ArqSIGN data (the webhooks module included).
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const foldKey = (key: string): string => key.trim().toLowerCase();

/**
 * Value of the first of `keys` present in `record`, compared case-insensitively and ignoring
 * surrounding spaces (`"ordemDocumento "`). An exact match wins over a case-insensitive one.
 * A key present with `null` counts as present (returns `null`).
 */
export function getKey(record: unknown, ...keys: string[]): unknown {
  if (!isRecord(record)) return undefined;
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(record, key)) return record[key];
  }
  const wanted = new Set(keys.map(foldKey));
  for (const [key, value] of Object.entries(record)) {
    if (wanted.has(foldKey(key))) return value;
  }
  return undefined;
}

/** Whether any of `keys` exists in `record` (case-insensitively), even with a null value. */
export function hasKey(record: unknown, ...keys: string[]): boolean {
  if (!isRecord(record)) return false;
  const wanted = new Set(keys.map(foldKey));
  return Object.keys(record).some((key) => wanted.has(foldKey(key)));
}

/** A non-empty trimmed string; numbers are converted (ids are sometimes typed loosely). */
export function parseString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A finite number from a JSON number or a numeric string (`"3"`, `" 2.5 "`). */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
    return Number(text);
  }
  return undefined;
}

/** An integer, or undefined for fractional / non-numeric input. */
export function parseInteger(value: unknown): number | undefined {
  const n = parseNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

const TRUE_WORDS = new Set(['true', '1', 'sim', 's', 'yes', 'verdadeiro']);
const FALSE_WORDS = new Set(['false', '0', 'nao', 'não', 'n', 'no', 'falso']);

/** JSON booleans, `"true"`/`"false"`, `1`/`0`, `"1"`/`"0"`, `"Sim"`/`"Não"` (docs/arqsign-gaps.md#gap-09). */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return undefined;
}

export interface DateParseOptions {
  /**
   * Offset from UTC, in minutes, assumed when the text carries none. Default 0: API datetimes are
   * UTC+0 (docs/arqsign.md#dates-and-time-zone). Use -180 for a webhook `DataHoraAtual` sent in America/Sao_Paulo (docs/arqsign-gaps.md#gap-07).
   */
  defaultOffsetMinutes?: number;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i;
const DAY_FIRST_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * ISO 8601 with or without fraction and offset (no offset = UTC unless told otherwise),
 * `yyyy-mm-dd`, and the webhook's day-first `dd/mm/yyyy hh:mm:ss` (docs/arqsign-gaps.md#gap-07). Invalid calendar values
 * (31/02, 25:00) give undefined instead of a rolled-over date.
 */
export function parseDate(value: unknown, options: DateParseOptions = {}): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const defaultOffset = options.defaultOffsetMinutes ?? 0;

  const iso = ISO_RE.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = iso;
    const ms = Number((fraction + '000').slice(0, 3));
    const offset = zone === undefined ? defaultOffset : parseOffset(zone);
    return buildUtc(+y, +mo, +d, +h, +mi, +s, ms, offset);
  }
  const dayFirst = DAY_FIRST_RE.exec(text);
  if (dayFirst) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = dayFirst;
    return buildUtc(+y, +mo, +d, +h, +mi, +s, 0, defaultOffset);
  }
  return undefined;
}

function parseOffset(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes);
}

function buildUtc(
  y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number,
): Date | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined; // 31/02 etc.
  return new Date(local - offsetMinutes * 60_000);
}

/**
 * Lower-case, accent-free, single-spaced, dash-normalised text for comparing ArqSIGN labels
 * (`"Concluído"` vs `"concluido"`, `"Certificado Digital – Outros"` vs `"- Outros"`; docs/arqsign-gaps.md#gap-15, #gap-24).
 */
export function normalizeLabel(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * A read-only view over one ArqSIGN JSON object with typed, case-insensitive, lenient getters.
 * Every getter takes alternative spellings (`'linkDocumentoCompartilhado', 'linkDocCompartilhado'`).
 */
export class LenientRecord {
  private constructor(readonly raw: JsonRecord) {}

  /** Wraps `value` when it is a JSON object; otherwise undefined. */
  static of(value: unknown): LenientRecord | undefined {
    return isRecord(value) ? new LenientRecord(value) : undefined;
  }

  /** Wraps `value`, treating anything that is not an object as an empty object. */
  static orEmpty(value: unknown): LenientRecord {
    return new LenientRecord(isRecord(value) ? value : {});
  }

  has(...keys: string[]): boolean {
    return hasKey(this.raw, ...keys);
  }

  value(...keys: string[]): unknown {
    return getKey(this.raw, ...keys);
  }

  string(...keys: string[]): string | undefined {
    return parseString(this.value(...keys));
  }

  number(...keys: string[]): number | undefined {
    return parseNumber(this.value(...keys));
  }

  integer(...keys: string[]): number | undefined {
    return parseInteger(this.value(...keys));
  }

  boolean(...keys: string[]): boolean | undefined {
    return parseBoolean(this.value(...keys));
  }

  date(keys: string | string[], options?: DateParseOptions): Date | undefined {
    return parseDate(this.value(...(Array.isArray(keys) ? keys : [keys])), options);
  }

  /** A nested object, or undefined when absent/null/not an object. */
  record(...keys: string[]): LenientRecord | undefined {
    return LenientRecord.of(this.value(...keys));
  }

  /** A nested array (absent/null → empty). */
  array(...keys: string[]): unknown[] {
    const value = this.value(...keys);
    return Array.isArray(value) ? value : [];
  }

  /** A nested array of objects (non-objects are dropped). */
  records(...keys: string[]): LenientRecord[] {
    return this.array(...keys).flatMap((item) => LenientRecord.of(item) ?? []);
  }

  /** A nested array of non-empty strings (absent/null → empty). */
  strings(...keys: string[]): string[] {
    return this.array(...keys).flatMap((item) => parseString(item) ?? []);
  }
}
