/** Wire formats of dates and booleans (docs/arqsign.md#json-casing-and-booleans, #dates-and-time-zone, docs/arqsign-gaps.md#gap-07, #gap-09). */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** API datetimes: ISO 8601 without offset or fraction, meaning UTC — e.g. `2025-03-10T14:22:05`. */
export function isoUtc(date: Date | null | undefined): string | null {
  if (!date) return null;
  return date.toISOString().slice(0, 19);
}

/** `date` values (subscription validity): `yyyy-mm-dd`. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Webhook `DataHoraAtual`: `dd/MM/yyyy HH:mm:ss`, UTC. */
export function dataHoraAtual(date: Date): string {
  return (
    `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** Signer flags travel as the strings "true"/"false" (docs/arqsign-gaps.md#gap-09). */
export function flag(value: boolean): 'true' | 'false' {
  return value ? 'true' : 'false';
}

/** `date` inputs of the consumption report: `yyyy-mm-dd` or `mm-dd-yyyy` (UTC midnight). */
export function parseDateInput(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(s);
    if (!match) return undefined;
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}
