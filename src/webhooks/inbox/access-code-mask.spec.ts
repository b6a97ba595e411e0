import { AccessCodeMaskStream, maskAccessCodes } from './access-code-mask';

describe('maskAccessCodes', () => {
  it('masks quoted and numeric codes in any casing, keeping the rest byte for byte and valid JSON', () => {
    const body = {
      Signatarios: [
        { Nome: 'Maria', Seguranca: { CodigoSeguranca: '4821', IdMeioEnvio: 1 } },
        { nome: 'João', seguranca: { codigoSeguranca: 1234 } },
      ],
      arquivo: 'JVBERi0xLjQK',
    };
    const raw = Buffer.from(JSON.stringify(body, null, 1));
    const masked = maskAccessCodes(raw);
    expect(masked.length).toBe(raw.length);
    const text = masked.toString('utf8');
    expect(text).not.toMatch(/4821|1234/);
    expect(JSON.parse(text)).toEqual({
      ...body,
      Signatarios: [
        { Nome: 'Maria', Seguranca: { CodigoSeguranca: '****', IdMeioEnvio: 1 } },
        { nome: 'João', seguranca: { codigoSeguranca: 1111 } },
      ],
    });
  });

  it('leaves null codes, other keys and bodies without codes untouched (same buffer)', () => {
    const raw = Buffer.from('{"codigoSeguranca": null, "codigoSegurancaEmail": "a@b.c", "texto": "codigoSeguranca"}');
    expect(maskAccessCodes(raw).toString()).toBe(raw.toString());
    const plain = Buffer.from('{"a":1}');
    expect(maskAccessCodes(plain)).toBe(plain);
  });
});

describe('AccessCodeMaskStream', () => {
  it('masks exactly as the whole-body mask does, wherever the pieces are cut', () => {
    const filler = 'x'.repeat(1500);
    const body = Buffer.from(JSON.stringify({ a: filler, signatarios: [{ codigoSeguranca: '1234', b: filler }, { CodigoSeguranca: 98765 }], c: filler }), 'utf8');
    const expected = maskAccessCodes(body);
    for (const size of [1, 7, 100, 1024, 1500, 4096]) {
      const stream = new AccessCodeMaskStream();
      const out: Buffer[] = [];
      for (let i = 0; i < body.length; i += size) out.push(Buffer.from(stream.push(body.subarray(i, i + size))));
      out.push(stream.end());
      expect(Buffer.concat(out).equals(expected)).toBe(true);
    }
    expect(expected.toString('utf8')).not.toMatch(/1234|98765/);
  });
});
