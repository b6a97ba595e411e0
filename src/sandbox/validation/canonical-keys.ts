/**
 * Request keys are matched case-insensitively (and trimmed: one manual example has
 * `"ordemDocumento "`), as an ASP.NET-style backend would (docs/arqsign.md#sandbox-simulator). `canonicalize` rewrites a
 * parsed body to the documented spelling and reports every key it does not know, which the
 * routes answer with E_UNKNOWN_PARAM.
 */

export interface ObjectSpec {
  fields: Record<string, FieldSpec>;
  /** Extra accepted spellings → canonical key (typos the manual itself uses, docs/arqsign-gaps.md#gap-05, #gap-06, #gap-24). */
  aliases?: Record<string, string>;
}

export type FieldSpec = 'value' | ObjectSpec | { arrayOf: ObjectSpec };

export type Json = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function canonicalize(value: unknown, spec: ObjectSpec, path: string, unknownKeys: string[]): unknown {
  if (!isPlainObject(value)) return value;
  const lookup = new Map<string, string>();
  for (const key of Object.keys(spec.fields)) lookup.set(key.toLowerCase(), key);
  for (const [alias, target] of Object.entries(spec.aliases ?? {})) lookup.set(alias.toLowerCase(), target);

  const result: Json = {};
  for (const [rawKey, raw] of Object.entries(value)) {
    const canonical = lookup.get(rawKey.trim().toLowerCase());
    const keyPath = path ? `${path}.${rawKey}` : rawKey;
    if (!canonical) {
      unknownKeys.push(keyPath);
      continue;
    }
    result[canonical] = convert(raw, spec.fields[canonical], path ? `${path}.${canonical}` : canonical, unknownKeys);
  }
  return result;
}

function convert(value: unknown, field: FieldSpec, path: string, unknownKeys: string[]): unknown {
  if (field === 'value') return value;
  if ('arrayOf' in field) {
    return Array.isArray(value)
      ? value.map((item, i) => canonicalize(item, field.arrayOf as ObjectSpec, `${path}[${i}]`, unknownKeys))
      : value;
  }
  return canonicalize(value, field, path, unknownKeys);
}

/** Shorthand: an object spec whose fields are all plain values. */
export const values = (...keys: string[]): ObjectSpec => ({
  fields: Object.fromEntries(keys.map((k) => [k, 'value' as const])),
});
