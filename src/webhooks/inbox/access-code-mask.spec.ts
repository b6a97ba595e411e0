import { maskAccessCodes } from './access-code-mask';

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
