import { loadFixture } from '../testing/fixtures';
import { mapWebhookConfigs } from '../response-mappers';
import { definitionDifferences, sameUrl, webhookConfigName, webhookDefinitions, webhookReceiverUrl } from './webhook-definitions';

/** Copies of `test/fixtures/arqsign-examples/webhook-config-*.json` (docs/arqsign.md#webhook-configurations). */
const example = (name: string) => loadFixture(name) as any;

describe('webhook definitions (docs/arqsign.md#create-a-configuration, #our-two-configurations)', () => {
  const definitions = webhookDefinitions('https://erp.example.com');

  it('points both configurations at PUBLIC_BASE_URL/webhooks/arqsign', () => {
    expect(definitions.tracking.request.urlPublicar).toBe('https://erp.example.com/webhooks/arqsign');
    expect(definitions.conclusion.request.urlPublicar).toBe('https://erp.example.com/webhooks/arqsign');
    expect(webhookReceiverUrl('https://erp.example.com/signing//')).toBe('https://erp.example.com/signing/webhooks/arqsign');
  });

  describe('tracking', () => {
    const body = definitions.tracking.request;
    const reference = example('webhook-config-create-tracking-request.json');

    it('sends exactly the documented keys (the example without its folder filter)', () => {
      const { pastas: _folderFilter, ...documented } = reference;
      expect(Object.keys(body).sort()).toEqual(Object.keys(documented).sort());
      expect(Object.keys(body.dadosRetorno!).sort()).toEqual(Object.keys(reference.dadosRetorno).sort());
    });

    it('fires on triggers 1–7 (sent, delivery failure, signed by one, refused, cancelled, expired, resent)', () => {
      expect(body.gatilhos).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('returns process + signers and no documents, exactly as the example', () => {
      expect(body.dadosRetorno).toEqual(reference.dadosRetorno);
      expect(body.dadosRetorno).toEqual({
        processo: true,
        signatarios: true,
        documentos: false,
        documentosTipo: null,
        linkDocCompartilhado: false,
        registrosAssinatura: false,
        registrosAssinaturaTipo: null,
      });
    });

    it('is created active, waits for the answer (timeouts are retried) and has no user/group/folder filter', () => {
      expect(body).toMatchObject({ status: 1, aguardarRetorno: true, nome: 'arqsign-bridge tracking (erp.example.com)' });
      expect(body).not.toHaveProperty('pastas');
      expect(body).not.toHaveProperty('usuarios');
      expect(body).not.toHaveProperty('grupos');
    });
  });

  describe('conclusion', () => {
    const body = definitions.conclusion.request;
    const reference = example('webhook-config-create-conclusion-request.json');

    it('sends exactly the documented keys (the example without its folder filter)', () => {
      const { pastas: _folderFilter, ...documented } = reference;
      expect(Object.keys(body).sort()).toEqual(Object.keys(documented).sort());
    });

    it('fires on trigger 8 only', () => {
      expect(body.gatilhos).toEqual([8]);
    });

    it('returns process + signers + documents as links (documentosTipo 2) + shared link + signature records as links', () => {
      expect(body.dadosRetorno).toEqual(reference.dadosRetorno);
      expect(body.dadosRetorno).toEqual({
        processo: true,
        signatarios: true,
        documentos: true,
        documentosTipo: 2,
        linkDocCompartilhado: true,
        registrosAssinatura: true,
        registrosAssinaturaTipo: 2,
      });
    });

    it('is created active and waits for the answer', () => {
      expect(body).toMatchObject({ status: 1, aguardarRetorno: true, nome: 'arqsign-bridge conclusion (erp.example.com)' });
    });
  });

  describe('names', () => {
    it('carry the host, port and path of PUBLIC_BASE_URL, so environments sharing an account never collide', () => {
      expect(webhookConfigName('tracking', 'http://localhost:3000')).toBe('arqsign-bridge tracking (localhost:3000)');
      expect(webhookConfigName('conclusion', 'https://erp.example.com/signing/')).toBe('arqsign-bridge conclusion (erp.example.com/signing)');
      expect(webhookConfigName('tracking', 'https://staging.example.com')).not.toBe(webhookConfigName('tracking', 'https://erp.example.com'));
    });

    it('stay within ArqSIGN\'s 150 characters, unique and stable, for a very long URL', () => {
      const long = `https://erp.example.com/${'a'.repeat(200)}`;
      const name = webhookConfigName('conclusion', long);
      expect(name.length).toBeLessThanOrEqual(150);
      expect(name).toMatch(/^arqsign-bridge conclusion \(erp\.example\.com\/a+~[0-9a-f]{8}\)$/);
      expect(webhookConfigName('conclusion', long)).toBe(name);
      expect(webhookConfigName('conclusion', `${long}b`)).not.toBe(name);
    });
  });

  it('compares URLs as ArqSIGN stores them (spaces stripped, host case-insensitive, trailing slash ignored)', () => {
    expect(sameUrl(' https://ERP.example.com/webhooks/arqsign/ ', 'https://erp.example.com/webhooks/arqsign')).toBe(true);
    expect(sameUrl('https://erp.example.com/webhooks/other', 'https://erp.example.com/webhooks/arqsign')).toBe(false);
    expect(sameUrl(null, 'https://erp.example.com/webhooks/arqsign')).toBe(false);
  });

  describe('definitionDifferences', () => {
    const [trackingExample, conclusionExample] = mapWebhookConfigs(example('webhook-config-list-response.json'));

    it('names what a configuration listed by ArqSIGN lacks compared with ours', () => {
      expect(definitionDifferences(trackingExample, definitions.tracking)).toEqual([
        'triggers are [2, 3, 4, 5, 6], expected [1, 2, 3, 4, 5, 6, 7]',
        'it filters by user, group or folder; expected no filter (every process of the account)',
      ]);
      expect(definitionDifferences(conclusionExample, definitions.conclusion)).toEqual([
        'it filters by user, group or folder; expected no filter (every process of the account)',
      ]);
    });

    it('finds nothing when the listed configuration is ours (list spellings aguardaRetorno / linkDocumentoCompartilhado)', () => {
      const listed = mapWebhookConfigs([
        { ...example('webhook-config-list-response.json')[1], gatilhos: [{ id: 8, nome: 'x', ativo: false }], pastas: [] },
      ])[0];
      expect(definitionDifferences(listed, definitions.conclusion)).toEqual([]);
      expect(definitionDifferences(listed, definitions.tracking)).toEqual([
        'triggers are [8], expected [1, 2, 3, 4, 5, 6, 7]',
        'dadosRetorno.documentos is true, expected false',
        'dadosRetorno.linkDocCompartilhado is true, expected false',
        'dadosRetorno.registrosAssinatura is true, expected false',
      ]);
    });
  });
});
