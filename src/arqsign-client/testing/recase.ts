/** Test helper: the same JSON with every key re-cased, to prove readers are case-insensitive. */
export type Casing = 'pascal' | 'camel' | 'upper' | 'lower';

const recaseKey = (key: string, casing: Casing): string => {
  switch (casing) {
    case 'pascal':
      return key.charAt(0).toUpperCase() + key.slice(1);
    case 'camel':
      return key.charAt(0).toLowerCase() + key.slice(1);
    case 'upper':
      return key.toUpperCase();
    case 'lower':
      return key.toLowerCase();
  }
};

export function recase<T>(value: T, casing: Casing): T {
  if (Array.isArray(value)) return value.map((item: unknown) => recase(item, casing)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [recaseKey(k, casing), recase(v, casing)])) as T;
  }
  return value;
}
