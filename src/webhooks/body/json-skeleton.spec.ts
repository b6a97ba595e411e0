import { elidedPlaceholder, JsonSkeleton, parsePlaceholder } from './json-skeleton';
import { JsonStringDecoder } from './json-string-decoder';
import { Utf8StreamCheck } from './utf8-stream-check';

/** Feeds `bytes` in pieces of `size` (every split point matters: escapes and quotes straddle pieces). */
function skeletonOf(bytes: Buffer, size: number, elideOver = 40, max = 1 << 20) {
  const scanner = new JsonSkeleton(elideOver, max);
  for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
  return scanner.end();
}

const LONG = 'QUJD'.repeat(20); // 80 characters of Base64

describe('JsonSkeleton', () => {
  const body = Buffer.from(JSON.stringify({ Evento: 'ProcessoConcluido', IdEvento: 8, Nome: 'Jo\u00e3o "J" \\ /', Documentos: [{ Base64Documento: LONG, Nome: 'a.pdf' }, { Base64Documento: `${LONG}\\/x`, Nome: 'b' }] }), 'utf8');

  it.each([1, 2, 3, 7, 64, 100_000])('keeps structure and short strings, elides long ones, whatever the piece size (%i bytes)', (size) => {
    const result = skeletonOf(body, size);
    expect(result.problem).toBeUndefined();
    expect(result.elided).toBe(2);
    const parsed = JSON.parse(result.skeleton!.toString('utf8'));
    expect(parsed).toMatchObject({ Evento: 'ProcessoConcluido', IdEvento: 8, Nome: 'Jo\u00e3o "J" \\ /', Documentos: [{ Nome: 'a.pdf' }, { Nome: 'b' }] });
    // Each placeholder names where its string starts (the opening quote) and its length with quotes.
    const first = parsePlaceholder(parsed.Documentos[0].Base64Documento)!;
    expect(body.subarray(first.offset, first.offset + first.bytes).toString('utf8')).toBe(JSON.stringify(LONG));
    const second = parsePlaceholder(parsed.Documentos[1].Base64Documento)!;
    expect(JSON.parse(body.subarray(second.offset, second.offset + second.bytes).toString('utf8'))).toBe(`${LONG}\\/x`);
  });

  it('a placeholder is never a URL and round-trips', () => {
    expect(parsePlaceholder(elidedPlaceholder(12, 345))).toEqual({ offset: 12, bytes: 345 });
    expect(parsePlaceholder('QUJD')).toBeNull();
    expect(elidedPlaceholder(1, 2)).not.toMatch(/^https?:/);
  });

  it.each([
    ['a raw control character in a long string', Buffer.from(`{"a":"${LONG}\u0001"}`, 'utf8'), 'not-json'],
    ['a bad escape in a long string', Buffer.from(`{"a":"${LONG}\\x"}`, 'utf8'), 'not-json'],
    ['an unterminated string', Buffer.from(`{"a":"${LONG}`, 'utf8'), 'not-json'],
    ['\\u0000 in a long string', Buffer.from(`{"a":"${LONG}\\u0000"}`, 'utf8'), 'not-text'],
    ['a lone high surrogate in a long string', Buffer.from(`{"a":"${LONG}\\ud800x"}`, 'utf8'), 'not-text'],
    ['a lone low surrogate in a long string', Buffer.from(`{"a":"\\udc00${LONG}"}`, 'utf8'), 'not-text'],
  ])('reports %s', (_what, bytes, kind) => {
    for (const size of [1, 5, 1000]) expect(skeletonOf(bytes, size).problem?.kind).toBe(kind);
  });

  it('accepts a surrogate pair in a long string, and leaves short strings to the input guard', () => {
    expect(skeletonOf(Buffer.from(`{"a":"${LONG}\\ud83d\\ude00"}`), 3).problem).toBeUndefined();
    expect(skeletonOf(Buffer.from('{"a":"\\u0000"}'), 3)).toMatchObject({ problem: undefined, elided: 0 });
  });

  it('gives up on a body with too much structure outside long strings (too-large, no skeleton)', () => {
    const result = skeletonOf(Buffer.from(JSON.stringify({ list: Array.from({ length: 500 }, (_, i) => i) })), 100, 40, 1000);
    expect(result).toMatchObject({ skeleton: null, problem: { kind: 'too-large' } });
  });
});

describe('JsonStringDecoder', () => {
  it.each([1, 2, 5, 1000])('decodes escapes split across pieces of %i bytes and stops at the closing quote', (size) => {
    const value = 'AB\\/C\\n\\u00e9\\ud83d\\ude00\\"\\\\';
    const bytes = Buffer.from(`${value}", "next": 1}`, 'utf8');
    const decoder = new JsonStringDecoder();
    const out: Buffer[] = [];
    let consumed = 0;
    for (let i = 0; i < bytes.length && !decoder.done; i += size) {
      const piece = decoder.push(bytes.subarray(i, i + size));
      out.push(piece.content);
      consumed = i + piece.consumed;
    }
    expect(decoder.done).toBe(true);
    expect(Buffer.concat(out).toString('utf8')).toBe(JSON.parse(`"${value}"`));
    expect(bytes.subarray(consumed).toString('utf8')).toBe(', "next": 1}');
  });

  it('rejects a bad escape', () => {
    expect(() => new JsonStringDecoder().push(Buffer.from('ab\\qcd"'))).toThrow(/bad escape/);
    expect(() => new JsonStringDecoder().push(Buffer.from('ab\\u12g4"'))).toThrow(/bad \\u escape/);
  });
});

describe('Utf8StreamCheck', () => {
  it('accepts characters split across pieces and rejects invalid or truncated UTF-8', () => {
    const text = Buffer.from('a\u00e9\u20ac\ud83d\ude00z', 'utf8');
    for (let size = 1; size <= text.length; size++) {
      const check = new Utf8StreamCheck();
      for (let i = 0; i < text.length; i += size) check.push(text.subarray(i, i + size));
      expect(check.end()).toBe(true);
    }
    const bad = new Utf8StreamCheck();
    bad.push(Buffer.from([0x61, 0xc3]));
    bad.push(Buffer.from([0x28]));
    expect(bad.end()).toBe(false);
    const truncated = new Utf8StreamCheck();
    truncated.push(Buffer.from([0x61, 0xe2, 0x82]));
    expect(truncated.end()).toBe(false);
  });
});
