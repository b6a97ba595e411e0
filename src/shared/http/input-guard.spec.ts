import { findInputProblem, INPUT_LIMITS } from './input-guard';

describe('findInputProblem', () => {
  const deep = (depth: number) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

  it.each([
    ['NUL in a value', { name: 'a\u0000' }, 'name'],
    ['a lone high surrogate', { list: ['ok', '\ud800x'] }, 'list.1'],
    ['a lone low surrogate', { name: 'x\udc00' }, 'name'],
    ['NUL in a key', { 'k\u0000': 1 }, 'body'],
    ['a __proto__ key', JSON.parse('{"m":{"__proto__":{"x":1}}}'), 'm.__proto__'],
    ['100 000 levels of nesting (no stack overflow)', { m: deep(100_000) }, 'm.a.a'],
    ['too many keys in one object', { m: Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxKeysPerObject + 1 }, (_, i) => [`k${i}`, i])) }, 'm'],
  ])('%s', (_what, value, field) => {
    expect(findInputProblem(value, '')?.field.startsWith(field)).toBe(true);
  });

  it('accepts ordinary input: pairs of surrogates (emoji), accents, nesting within the limit, buffers', () => {
    expect(findInputProblem({ name: 'Zé 🙂 ção', nested: deep(INPUT_LIMITS.maxDepth - 2), file: Buffer.from([0, 1]) }, '')).toBeUndefined();
  });
});
