import { eFormat, eIds, eRequired } from '../messages';
import { isPlainObject, type Json } from './canonical-keys';

/**
 * Collects every validation failure of one request. Missing items, bad formats and unknown ids
 * are merged into the generic E_REQUIRED / E_FORMAT / E_IDS messages; specific messages follow.
 * Several failures are joined with "; " (docs/arqsign.md#errors simulator default).
 */
export class Problems {
  private readonly requiredItems: string[] = [];
  private readonly formatItems: string[] = [];
  private readonly unknownIds: string[] = [];
  private readonly messages: string[] = [];

  required(item: string): void {
    if (!this.requiredItems.includes(item)) this.requiredItems.push(item);
  }

  format(item: string): void {
    if (!this.formatItems.includes(item)) this.formatItems.push(item);
  }

  unknownId(id: string): void {
    if (!this.unknownIds.includes(id)) this.unknownIds.push(id);
  }

  message(text: string): void {
    if (!this.messages.includes(text)) this.messages.push(text);
  }

  /** Appends another collector's findings (keeps the request's field order in the final message). */
  absorb(other: Problems): void {
    other.requiredItems.forEach((i) => this.required(i));
    other.formatItems.forEach((i) => this.format(i));
    other.unknownIds.forEach((i) => this.unknownId(i));
    other.messages.forEach((m) => this.message(m));
  }

  get any(): boolean {
    return this.requiredItems.length + this.formatItems.length + this.unknownIds.length + this.messages.length > 0;
  }

  toMessage(): string {
    const parts: string[] = [];
    if (this.requiredItems.length) parts.push(eRequired(this.requiredItems));
    if (this.formatItems.length) parts.push(eFormat(this.formatItems));
    if (this.unknownIds.length) parts.push(eIds(this.unknownIds));
    return [...parts, ...this.messages].join('; ');
  }
}

const isAbsent = (v: unknown) => v === undefined || v === null;
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export interface ReadOptions {
  required?: boolean;
}

/** Readers: return the value when usable, otherwise record the problem and return undefined. */
export class Reader {
  constructor(readonly problems: Problems) {}

  str(obj: Json | undefined, key: string, path: string, opts: ReadOptions & { max?: number } = {}): string | undefined {
    const label = join(path, key);
    const v = obj?.[key];
    if (isAbsent(v) || (opts.required && typeof v === 'string' && v.trim() === '')) {
      if (opts.required) this.problems.required(label);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.problems.format(label);
      return undefined;
    }
    if (opts.max !== undefined && v.length > opts.max) {
      this.problems.format(label);
      return undefined;
    }
    return v;
  }

  int(obj: Json | undefined, key: string, path: string, opts: ReadOptions & { min?: number; max?: number } = {}): number | undefined {
    const label = join(path, key);
    const v = obj?.[key];
    if (isAbsent(v) || v === '') {
      if (opts.required) this.problems.required(label);
      return undefined;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      this.problems.format(label);
      return undefined;
    }
    return n;
  }

  num(obj: Json | undefined, key: string, path: string, opts: ReadOptions = {}): number | undefined {
    const label = join(path, key);
    const v = obj?.[key];
    if (isAbsent(v) || v === '') {
      if (opts.required) this.problems.required(label);
      return undefined;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      this.problems.format(label);
      return undefined;
    }
    return n;
  }

  /** `bit`: JSON booleans and 1/0 (also "true"/"false"/"1"/"0", being liberal). */
  bit(obj: Json | undefined, key: string, path: string, opts: ReadOptions = {}): boolean | undefined {
    const label = join(path, key);
    const v = obj?.[key];
    if (isAbsent(v)) {
      if (opts.required) this.problems.required(label);
      return undefined;
    }
    if (v === true || v === 1 || v === 'true' || v === '1') return true;
    if (v === false || v === 0 || v === 'false' || v === '0') return false;
    this.problems.format(label);
    return undefined;
  }

  guid(obj: Json | undefined, key: string, path: string, opts: ReadOptions = {}): string | undefined {
    const v = this.str(obj, key, path, opts);
    if (v === undefined) return undefined;
    if (!isGuid(v)) {
      this.problems.format(join(path, key));
      return undefined;
    }
    return v.trim().toLowerCase();
  }

  obj(parent: Json | undefined, key: string, path: string, opts: ReadOptions = {}): Json | undefined {
    const v = parent?.[key];
    if (isAbsent(v)) {
      if (opts.required) this.problems.required(join(path, key));
      return undefined;
    }
    if (!isPlainObject(v)) {
      this.problems.format(join(path, key));
      return undefined;
    }
    return v;
  }

  arr(parent: Json | undefined, key: string, path: string, opts: ReadOptions = {}): unknown[] | undefined {
    const v = parent?.[key];
    if (isAbsent(v)) {
      if (opts.required) this.problems.required(join(path, key));
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.problems.format(join(path, key));
      return undefined;
    }
    return v;
  }

  /** Array of GUIDs; malformed entries are a format problem. Lowercased, de-duplicated. */
  guids(parent: Json | undefined, key: string, path: string, opts: ReadOptions = {}): string[] | undefined {
    const list = this.arr(parent, key, path, opts);
    if (!list) return undefined;
    const out: string[] = [];
    for (const item of list) {
      if (typeof item !== 'string' || !isGuid(item)) {
        this.problems.format(join(path, key));
        return undefined;
      }
      const id = item.trim().toLowerCase();
      if (!out.includes(id)) out.push(id);
    }
    return out;
  }
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim());
}
