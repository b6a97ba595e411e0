import { loadFixture } from '../../arqsign-client/testing/fixtures';
import { decodeBase64, readConclusionDocuments } from './conclusion-documents';

const example = (name: string) => loadFixture(name);

describe('readConclusionDocuments', () => {
  it('reads the links of the conclusion example (PascalCase, records as an array)', () => {
    const docs = readConclusionDocuments(example('webhook-concluded-links.json'));
    expect(docs).toHaveLength(2);
    expect(docs[0]).toEqual({
      arqsignDocumentId: '5e1f0c2a-2222-4a2b-9c3d-000000000201',
      order: 1,
      name: 'contrato-4711.pdf',
      document: { link: expect.stringContaining('/download/documento/5e1f0c2a-2222-4a2b-9c3d-000000000201?token='), base64: null, name: 'contrato-4711.pdf' },
      record: { link: expect.stringContaining('/download/registro/'), base64: null, name: 'contrato-4711_Registro de assinaturas.pdf' },
    });
  });

  it('reads the Base64 of the conclusion example', () => {
    const [first] = readConclusionDocuments(example('webhook-concluded-base64.json'));
    expect(first.document).toEqual({ link: null, base64: 'JVBERi0xLjQKJSBzaWduZWQgQQolJUVPRgo=', name: 'contrato-4711.pdf' });
    expect(first.record?.base64).toBe('JVBERi0xLjQKJSByZWNvcmQgQQolJUVPRgo=');
    expect(decodeBase64(first.document!.base64!)!.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('accepts camelCase, a single record object, other link names and a URL in the Base64 field', () => {
    const docs = readConclusionDocuments({
      documentos: [
        { id: 'ABC', ordemDocumento: '2', nomeDocumento: 'x.pdf', urlDocumento: 'https://a.arqsign.com/d', registroAssinaturas: { nome: 'r.pdf', base64: 'https://a.arqsign.com/r' } },
        { Id: 'def', OrdemDocumento: 3, Base64Documento: 'http://b.arqsign.com/d', RegistroAssinaturas: [] },
      ],
    });
    expect(docs[0]).toMatchObject({ arqsignDocumentId: 'abc', order: 2, document: { link: 'https://a.arqsign.com/d' }, record: { link: 'https://a.arqsign.com/r', base64: null, name: 'r.pdf' } });
    expect(docs[1]).toMatchObject({ document: { link: 'http://b.arqsign.com/d', base64: null }, record: null });
  });

  it('gives no documents for a payload without the section, and ignores non-URL links', () => {
    expect(readConclusionDocuments(example('webhook-general-only-camelcase.json'))).toEqual([]);
    expect(readConclusionDocuments(null)).toEqual([]);
    expect(readConclusionDocuments({ Documentos: [{ Id: 'a', LinkParaBaixarDocumento: 'javascript:alert(1)' }] })[0].document).toBeNull();
  });
});

describe('decodeBase64', () => {
  it('decodes, tolerating line breaks', () => {
    expect(decodeBase64('JVBE\nRi0x')!.toString()).toBe('%PDF-1');
  });
  it.each([[''], ['%%%not base64%%%'], ['https://x']])('refuses %j', (text) => {
    expect(decodeBase64(text)).toBeNull();
  });
});
