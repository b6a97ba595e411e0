import { bytes, camelize, pascalize, WEBHOOK_EXAMPLES, webhookExample } from '../testing/examples';
import { interpret, parseBody, readEnvelope, Trigger, WebhookEvent } from './webhook-payload';

const PROCESS = '5e1f0c2a-1111-4a2b-9c3d-000000000101';
const MARIA = '5e1f0c2a-3333-4a2b-9c3d-000000000301';
const JOAO = '5e1f0c2a-3333-4a2b-9c3d-000000000302';

function event(json: unknown): WebhookEvent {
  const result = interpret(json);
  if (result.kind !== 'event') throw new Error(`expected an event, got ${result.kind}`);
  return result.event;
}

describe('interpret (webhook payload → event)', () => {
  describe.each(WEBHOOK_EXAMPLES.filter((name) => name !== 'webhook-general-only-camelcase.json'))('%s', (name) => {
    const pascal = webhookExample(name);

    it('reads the PascalCase example and its camelCase twin identically', () => {
      const fromPascal = event(pascal);
      expect(event(camelize(pascal))).toEqual(fromPascal);
      expect(fromPascal.arqsignProcessId).toBe(PROCESS);
      expect(fromPascal.trigger).toBe(pascal.IdEvento);
      expect(fromPascal.accountId).toBe(pascal.IdConta);
      expect(fromPascal.webhookId).toBe(pascal.IdWebhook);
      expect(fromPascal.signers.length).toBe(pascal.Signatarios.length);
    });

    it('routes on the event name when IdEvento is missing (docs/arqsign-gaps.md#gap-15)', () => {
      const { IdEvento: _id, ...rest } = pascal;
      expect(event(rest).trigger).toBe(pascal.IdEvento);
    });

    it('parses from raw bytes (with a BOM) the same way', () => {
      const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(pascal)]);
      expect(event(parseBody(withBom))).toEqual(event(pascal));
    });
  });

  it('sent: process dates and all recipients', () => {
    const e = event(webhookExample('webhook-sent.json'));
    expect(e.trigger).toBe(Trigger.SENT);
    expect(e.sentAt).toEqual(new Date('2025-03-10T13:00:05Z'));
    expect(e.processName).toBe('Contrato de Prestacao de Servicos - Pedido 4711');
    expect(e.signers.map((s) => s.arqsignSignerId)).toEqual([MARIA, JOAO]);
  });

  it('delivery failure: only the failing recipient, flag read from "true"', () => {
    const e = event(webhookExample('webhook-delivery-failure.json'));
    expect(e.trigger).toBe(Trigger.DELIVERY_FAILED);
    expect(e.signers).toEqual([expect.objectContaining({ arqsignSignerId: JOAO, deliveryFailed: true, email: 'joao.teste@example.com', signedAt: null })]);
  });

  it('signed by one: the signer, its signature date (UTC, no offset) and signature data without the security code', () => {
    const e = event(webhookExample('webhook-signed-by-one.json'));
    expect(e.signers).toHaveLength(1);
    expect(e.signers[0]).toMatchObject({ arqsignSignerId: MARIA, signedAt: new Date('2025-03-10T14:22:05Z'), refused: false, copyOnly: false });
    expect(e.signers[0].signature).toEqual({
      type: 'Assinatura Eletrônica',
      ip: '203.0.113.10',
      geoLocation: '-23.5505,-46.6333',
      certificate: null,
      naturalPerson: { name: 'Maria Exemplo da Silva', documentType: 'CPF', documentNumber: '12345678909' },
      legalEntity: null,
      attachments: [],
    });
    expect(JSON.stringify(e)).not.toContain('4821'); // CodigoSeguranca never read
  });

  it('refused: the refusing signer and the reason; the other signer signed earlier', () => {
    const e = event(webhookExample('webhook-refused.json'));
    expect(e.cancelledAt).toEqual(new Date('2025-03-11T08:45:12Z'));
    const refuser = e.signers.find((s) => s.refused)!;
    expect(refuser.arqsignSignerId).toBe(JOAO);
    expect(refuser.refusalReason).toEqual(expect.any(String));
    expect(e.signers.find((s) => s.arqsignSignerId === MARIA)!.signedAt).toEqual(new Date('2025-03-10T14:22:05Z'));
  });

  it('cancelled, expired, resent: their dates', () => {
    expect(event(webhookExample('webhook-cancelled.json'))).toMatchObject({ trigger: Trigger.CANCELLED, cancelledAt: new Date('2025-03-12T10:00:01Z'), cancelledBy: 'Ana Remetente' });
    expect(event(webhookExample('webhook-expired.json'))).toMatchObject({ trigger: Trigger.EXPIRED, expiresAt: new Date('2025-04-09T13:00:05Z') });
    expect(event(webhookExample('webhook-resent.json'))).toMatchObject({ trigger: Trigger.RESENT, resentAt: new Date('2025-03-10T15:05:00Z'), expiresAt: new Date('2025-04-09T15:05:00Z') });
  });

  it('concluded with links: documents, shared links and signature-record links; attachments without their link', () => {
    const e = event(webhookExample('webhook-concluded-links.json'));
    expect(e).toMatchObject({ trigger: Trigger.CONCLUDED, concludedAt: new Date('2025-03-11T09:10:42Z') });
    expect(e.documents).toEqual([
      {
        arqsignDocumentId: '5e1f0c2a-2222-4a2b-9c3d-000000000201',
        order: 1,
        name: 'contrato-4711.pdf',
        link: expect.stringMatching(/^https:\/\/files\.arqsign\.example\/download\/documento\//),
        hasBase64: false,
        sharedLink: 'https://share.arqsign.example/s/EXAMPLE-SHARE-D1',
        records: [{ name: 'contrato-4711_Registro de assinaturas.pdf', link: expect.stringMatching(/registro/), hasBase64: false }],
      },
      expect.objectContaining({ order: 2, name: 'anexo-tabela-de-precos.pdf' }),
    ]);
    expect(e.signers[1].signature!.attachments).toEqual([{ id: '5e1f0c2a-4444-4a2b-9c3d-000000000451', name: 'Contrato Social' }]);
  });

  it('concluded with Base64: no links, Base64 present', () => {
    const e = event(webhookExample('webhook-concluded-base64.json'));
    expect(e.documents.map((d) => [d.link, d.hasBase64, d.records[0].hasBase64])).toEqual([
      [null, true, true],
      [null, true, true],
    ]);
  });

  it('the camelCase general block alone is an event (no process data, no signers)', () => {
    const e = event(webhookExample('webhook-general-only-camelcase.json'));
    expect(e).toMatchObject({ trigger: Trigger.CONCLUDED, arqsignProcessId: PROCESS, signers: [], documents: [], concludedAt: null });
    expect(event(pascalize(webhookExample('webhook-general-only-camelcase.json')))).toEqual(e);
  });

  describe('lenient values', () => {
    const signed = (flags: Record<string, unknown>, date: unknown) => {
      const json = webhookExample('webhook-signed-by-one.json');
      Object.assign(json.Signatarios[0], flags);
      json.Signatarios[0].DadosAssinatura.DataAssinatura = date;
      return event(json).signers[0];
    };

    it.each([
      [true, true],
      ['true', true],
      ['True', true],
      [1, true],
      ['1', true],
      ['Sim', true],
      [false, false],
      ['false', false],
      [0, false],
      ['0', false],
      ['Não', false],
    ])('FalhaEnvio %p → %p', (value, expected) => {
      expect(signed({ FalhaEnvio: value }, null).deliveryFailed).toBe(expected);
    });

    it('an unreadable flag is unknown (null) rather than a guess', () => {
      expect(signed({ FalhaEnvio: 'maybe' }, null).deliveryFailed).toBeNull();
    });

    it.each([
      ['2025-03-10T14:22:05', '2025-03-10T14:22:05.000Z'],
      ['2025-03-10T14:22:05.1234567', '2025-03-10T14:22:05.123Z'],
      ['2025-03-10T14:22:05Z', '2025-03-10T14:22:05.000Z'],
      ['2025-03-10T11:22:05-03:00', '2025-03-10T14:22:05.000Z'],
      ['2025-03-10 14:22:05', '2025-03-10T14:22:05.000Z'],
      ['10/03/2025 14:22:05', '2025-03-10T14:22:05.000Z'],
    ])('DataAssinatura %p → %p', (text, iso) => {
      expect(signed({}, text).signedAt!.toISOString()).toBe(iso);
    });

    it('an unparseable date is absent, not an error', () => {
      expect(signed({}, '31/02/2025 10:00:00').signedAt).toBeNull();
      expect(signed({}, 'ontem').signedAt).toBeNull();
    });

    it('keys with stray spaces and other casing are read', () => {
      const json = { ' evento ': 'ProcessoCancelado', IDEVENTO: '5', idprocesso: PROCESS.toUpperCase(), DATACANCELAMENTO: '2025-03-12T10:00:01' };
      expect(event(json)).toMatchObject({ trigger: Trigger.CANCELLED, arqsignProcessId: PROCESS, cancelledAt: new Date('2025-03-12T10:00:01Z') });
    });

    it('"Receber uma cópia" marks a copy recipient', () => {
      expect(signed({ TipoAcao: 'Receber uma cópia' }, null).copyOnly).toBe(true);
    });
  });

  describe('what cannot be interpreted', () => {
    it.each([
      [undefined, 'The body is not valid JSON'],
      [[1, 2], 'The body is not a JSON object'],
      ['text', 'The body is not a JSON object'],
      [{ Evento: 'ProcessoConcluido', IdEvento: 8 }, 'IdProcesso is missing'],
      [{ Evento: 'ProcessoConcluido', IdEvento: 8, IdProcesso: null }, 'IdProcesso is missing'],
      [{ Evento: 'ProcessoConcluido', IdEvento: 8, IdProcesso: '4711' }, 'IdProcesso is not a GUID'],
    ])('%p → uninterpretable (%s)', (json, reason) => {
      expect(interpret(json)).toEqual(expect.objectContaining({ kind: 'uninterpretable', reason }));
    });

    it('an unknown event for a process → "unknown-event" (re-read from ArqSIGN)', () => {
      expect(interpret({ Evento: 'ProcessoArquivado', IdEvento: 42, IdProcesso: PROCESS })).toEqual({
        kind: 'unknown-event',
        envelope: expect.objectContaining({ arqsignProcessId: PROCESS, trigger: 42, eventName: 'ProcessoArquivado' }),
      });
      expect(interpret({ IdProcesso: PROCESS })).toMatchObject({ kind: 'unknown-event' });
    });

    it('the manual\'s trigger labels are understood as event names', () => {
      expect(readEnvelope({ Evento: 'Processo recusado por algum signatário', IdProcesso: PROCESS })!.trigger).toBe(Trigger.REFUSED);
      expect(readEnvelope({ Evento: 'Processo assinado/concluído por todos os signatários', IdProcesso: PROCESS })!.trigger).toBe(Trigger.CONCLUDED);
    });

    it('parseBody: not JSON → undefined', () => {
      expect(parseBody(Buffer.from('{"a":'))).toBeUndefined();
      expect(parseBody(Buffer.from([0xff, 0xfe, 0x00]))).toBeUndefined();
    });
  });
});
