import { asciiFileName, contentDisposition, encodeRfc5987, safeFileName } from './content-disposition';

describe('safeFileName', () => {
  it.each([
    ['contrato.pdf', 'contrato.pdf'],
    ['Contrato de Aluguel', 'Contrato de Aluguel.pdf'],
    ['relatório ação.PDF', 'relatório ação.pdf'],
    ['', 'document.pdf'],
    [null, 'document.pdf'],
    ['   ', 'document.pdf'],
    ['.', 'document.pdf'],
    ['..', 'document.pdf'],
    ['...pdf', 'document.pdf'],
    ['.pdf', 'document.pdf'],
    ['../../etc/passwd', '_.._etc_passwd.pdf'],
    ['..\\..\\windows\\win.ini', '_.._windows_win.ini.pdf'],
    ['/abs/path.pdf', '_abs_path.pdf'],
    ['a/b\\c.pdf', 'a_b_c.pdf'],
    ['x:y*z?"<>|.pdf', 'x_y_z_____.pdf'],
    ['evil\r\nSet-Cookie: a=b.pdf', 'evilSet-Cookie_ a=b.pdf'],
    ['tab\there.pdf', 'tabhere.pdf'],
    ['nul\u0000byte.pdf', 'nulbyte.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe.pdf'],
    ['\u2066iso\u2069late\u200F.pdf', 'isolate.pdf'],
    ['zero\u200Bwidth\uFEFF.pdf', 'zerowidth.pdf'],
    ['line\u2028sep.pdf', 'linesep.pdf'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['trailing dots...', 'trailing dots.pdf'],
    ['\u0000\u202E', 'document.pdf'],
    ['///', 'document.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('uses the given fallback when nothing is left', () => {
    expect(safeFileName('..', 'contrato_Registro de assinaturas.pdf')).toBe('contrato_Registro de assinaturas.pdf');
  });

  it('bounds the length and keeps the extension', () => {
    const name = safeFileName(`${'é'.repeat(400)}.pdf`);
    expect([...name].length).toBeLessThanOrEqual(150);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('normalises to NFC', () => {
    expect(safeFileName('acao\u0301.pdf')).toBe('acaó.pdf'.normalize('NFC'));
  });
});

describe('contentDisposition', () => {
  it('has an ASCII fallback and an RFC 5987 filename*', () => {
    expect(contentDisposition('relatório final (v2).pdf')).toBe(
      `attachment; filename="relatorio final (v2).pdf"; filename*=UTF-8''relat%C3%B3rio%20final%20%28v2%29.pdf`,
    );
  });

  it('never lets quotes, backslashes, CR/LF or separators into the header', () => {
    const header = contentDisposition('a"b\\c\r\nd/e.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    const [, ascii] = /filename="([^"]*)"/.exec(header)!;
    expect(ascii).toBe('a_b_cd_e.pdf');
    expect(header).toContain(`filename*=UTF-8''a_b_cd_e.pdf`);
  });

  it('replaces non-Latin characters in the fallback but keeps them in filename*', () => {
    const header = contentDisposition('合同.pdf');
    expect(header).toContain('filename="__.pdf"');
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent('合同')}.pdf`);
  });

  it.each([['.'], ['..'], [''], ['\u202E']])('falls back to document.pdf for %j', (name) => {
    expect(contentDisposition(name)).toBe(`attachment; filename="document.pdf"; filename*=UTF-8''document.pdf`);
  });

  it('encodes the RFC 5987 reserved characters', () => {
    expect(encodeRfc5987("it's (*)")).toBe('it%27s%20%28%2A%29');
    expect(asciiFileName('50% off')).toBe('50_ off');
  });
});
