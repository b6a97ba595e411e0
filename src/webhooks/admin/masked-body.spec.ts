import { maskWebhookBody } from './masked-body';

describe('maskWebhookBody', () => {
  it('masks link tokens, secret-named keys and Base64 contents, keeps the facts', () => {
    const base64 = Buffer.alloc(600, 1).toString('base64');
    const body = {
      IdEvento: 8,
      Processo: { IdProcesso: 'abc', Status: 'Concluído' },
      Documentos: [{ Nome: 'contrato.pdf', Link: 'http://127.0.0.1:3999/download/documento/x?token=eyJrIjoi.c2ln', ArquivoBase64: base64 }],
      Hmac: 'secret-value',
      Note: `inline ${base64}`,
    };
    const masked = maskWebhookBody(Buffer.from(JSON.stringify(body)));
    expect(masked.json).toBe(true);
    expect(masked.text).not.toContain('eyJrIjoi');
    expect(masked.text).not.toContain('secret-value');
    expect(masked.text).not.toContain(base64.slice(0, 100));
    expect(masked.text).toContain('http://127.0.0.1:3999/download/documento/x?[masked]');
    expect(masked.text).toContain('"IdProcesso": "abc"');
    expect(masked.text).toContain('"IdEvento": 8');
  });

  it('masks a body that is not JSON as text', () => {
    const masked = maskWebhookBody(Buffer.from('not json https://x.example/a?token=zzz'));
    expect(masked).toEqual({ text: 'not json https://x.example/a?[masked]', json: false, truncated: false });
  });
});
