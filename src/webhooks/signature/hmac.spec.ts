import { createHmac } from 'node:crypto';
import { matchHmacDigests, signHmac, verifyHmac, verifyHmacAsync } from './hmac';

/** The test vector of test/fixtures/arqsign-examples/README.md (docs/arqsign.md#hmac-signature). */
const SECRET = 'example-hmac-secret';
const BODY = Buffer.from('{"Evento":"ProcessoConcluido","IdEvento":8}', 'utf8');
const BASE64 = 'x41WnImD9ldIjZRWpMuwS/99DSnehdJ5U1iF1Z4XUyE=';
const HEX = 'c78d569c8983f657488d9456a4cbb04bff7d0d29de85d279535885d59e175321';

describe('verifyHmac', () => {
  it('accepts the documented test vector (Base64 of HMAC-SHA256 over the raw bytes)', () => {
    expect(signHmac(BODY, SECRET)).toBe(BASE64);
    expect(verifyHmac(BODY, BASE64, [SECRET])).toEqual({ index: 0, encoding: 'base64' });
  });

  it('accepts the same digest in hex (either case) and Base64url (docs/arqsign-gaps.md#gap-22)', () => {
    expect(verifyHmac(BODY, HEX, [SECRET])).toEqual({ index: 0, encoding: 'hex' });
    expect(verifyHmac(BODY, HEX.toUpperCase(), [SECRET])).toEqual({ index: 0, encoding: 'hex' });
    expect(verifyHmac(BODY, BASE64.replace(/\//g, '_').replace(/=$/, ''), [SECRET])).toEqual({ index: 0, encoding: 'base64' });
  });

  it('trims the header and the secrets', () => {
    expect(verifyHmac(BODY, `  ${BASE64}\t`, [` ${SECRET} `])).not.toBeNull();
  });

  it('checks every known secret (rotation): reports which one matched', () => {
    expect(verifyHmac(BODY, BASE64, ['old-secret', '', SECRET])).toEqual({ index: 2, encoding: 'base64' });
    expect(verifyHmac(BODY, BASE64, ['old-secret'])).toBeNull();
    expect(verifyHmac(BODY, BASE64, [])).toBeNull();
  });

  it('signs the exact bytes: any change to the body, even whitespace, fails', () => {
    expect(verifyHmac(Buffer.from('{"Evento":"ProcessoConcluido", "IdEvento":8}'), BASE64, [SECRET])).toBeNull();
    expect(verifyHmac(Buffer.concat([BODY, Buffer.from('\n')]), BASE64, [SECRET])).toBeNull();
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too short', 'x41WnImD9ldIjZRWpMuwS/99DSnehdJ5U1iF1Z4XUy'],
    ['too long', `${BASE64}AAAA`],
    ['Base64 of 31 bytes', Buffer.alloc(31).toString('base64')],
    ['Base64 of 33 bytes', Buffer.alloc(33).toString('base64')],
    ['hex of 31 bytes', HEX.slice(2)],
    ['not Base64', '%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%='],
    ['huge', 'A'.repeat(100_000)],
  ])('rejects a header that is %s without throwing (length checked before timingSafeEqual)', (_what, header) => {
    expect(() => verifyHmac(BODY, header, [SECRET])).not.toThrow();
    expect(verifyHmac(BODY, header, [SECRET])).toBeNull();
  });

  it('uses the first value of a repeated header', () => {
    expect(verifyHmac(BODY, [BASE64, 'other'], [SECRET])).not.toBeNull();
  });
});

describe('verifyHmacAsync', () => {
  it('gives the same answer as verifyHmac for a body hashed in slices', async () => {
    const body = Buffer.alloc(9 * 1024 * 1024 + 17, 0x61);
    const header = signHmac(body, 'second');
    expect(await verifyHmacAsync(body, header, ['first', ' ', 'second'])).toEqual({ index: 2, encoding: 'base64' });
    expect(await verifyHmacAsync(body, header, ['first'])).toBeNull();
    expect(await verifyHmacAsync(body, signHmac(body, 'first').replace(/^./, 'A'), ['first'])).toEqual(verifyHmac(body, signHmac(body, 'first').replace(/^./, 'A'), ['first']));
  });
});

describe('matchHmacDigests (a body hashed while it streamed)', () => {
  const body = Buffer.from('{"IdEvento":8}');
  const digest = (secret: string) => createHmac('sha256', secret).update(body).digest();

  it('matches the header against precomputed digests, Base64 or hex, naming the first matching index', () => {
    const digests = [null, digest('a'), digest('b')];
    expect(matchHmacDigests(signHmac(body, 'b'), digests)).toEqual({ index: 2, encoding: 'base64' });
    expect(matchHmacDigests(digest('a').toString('hex'), digests)).toEqual({ index: 1, encoding: 'hex' });
    expect(verifyHmac(body, signHmac(body, 'b'), ['', 'a', 'b'])).toEqual(matchHmacDigests(signHmac(body, 'b'), digests));
  });

  it('matches nothing for a wrong, missing or malformed header', () => {
    const digests = [digest('a')];
    expect(matchHmacDigests(signHmac(body, 'other'), digests)).toBeNull();
    expect(matchHmacDigests(undefined, digests)).toBeNull();
    expect(matchHmacDigests('c2hvcnQ=', digests)).toBeNull();
  });
});
