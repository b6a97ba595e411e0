import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, RequestValidationError } from '../errors/domain-error';

/**
 * Bounds every parsed request input (body, query, route params) before any recursive code —
 * class-transformer, the validation pipe, canonical forms — sees it (docs/hostile-input.md):
 * nesting depth, key counts, and text PostgreSQL cannot store (NUL, lone UTF-16 surrogates), plus
 * `__proto__` keys, which an object copy would turn into a prototype. Walks iteratively, so a
 * body nested 100 000 deep is refused instead of overflowing the stack.
 */
export const INPUT_LIMITS = {
  /** Objects/arrays inside objects/arrays: the API's own DTOs need 4; metadata gets room. */
  maxDepth: 32,
  maxKeysPerObject: 1000,
  maxKeysTotal: 10_000,
} as const;

/**
 * NUL anywhere, or a surrogate half without its partner. `isWellFormed` and `includes` scan a
 * 140 MB Base64 document in milliseconds, where a regular expression takes half a second.
 */
const UNSTORABLE_TEXT = { test: (text: string) => text.includes('\u0000') || !(text as unknown as { isWellFormed(): boolean }).isWellFormed() };

/** The first problem in `value` as a field error, or undefined when it is safe. */
export function findInputProblem(value: unknown, root: string): FieldError | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  let keysTotal = 0;
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE_TEXT.test(current)) return { field: path || root || 'body', problem: 'must not contain NUL characters or invalid Unicode' };
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (depth >= INPUT_LIMITS.maxDepth) return { field: path || root || 'body', problem: `must not be nested more than ${INPUT_LIMITS.maxDepth} levels deep` };
    const keys = Object.keys(current);
    keysTotal += keys.length;
    if (keys.length > INPUT_LIMITS.maxKeysPerObject) return { field: path || root || 'body', problem: `must not have more than ${INPUT_LIMITS.maxKeysPerObject} entries` };
    if (keysTotal > INPUT_LIMITS.maxKeysTotal) return { field: root || 'body', problem: `must not have more than ${INPUT_LIMITS.maxKeysTotal} keys and entries in total` };
    for (const key of keys) {
      const field = path ? `${path}.${safeKey(key)}` : safeKey(key);
      if (key === '__proto__') return { field, problem: 'is not an allowed key' };
      if (UNSTORABLE_TEXT.test(key)) return { field: path || root || 'body', problem: 'must not have keys with NUL characters or invalid Unicode' };
      stack.push({ value: (current as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return undefined;
}

export function assertSafeInput(value: unknown, root: string): void {
  const problem = findInputProblem(value, root);
  if (problem) throw new RequestValidationError([problem]);
}

/** Global pipe, placed before the validation pipe (bootstrap.ts). */
@Injectable()
export class InputGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    assertSafeInput(value, metadata.type === 'body' ? '' : (metadata.data ?? metadata.type));
    return value;
  }
}

/** Keys are echoed in error fields: keep them short and printable. */
function safeKey(key: string): string {
  const printable = key.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 64 ? `${printable.slice(0, 64)}…` : printable;
}
