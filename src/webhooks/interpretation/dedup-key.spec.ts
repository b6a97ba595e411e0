import { bytes, camelize, WEBHOOK_EXAMPLES, webhookExample } from '../testing/examples';
import { dedupKey } from './dedup-key';
import { interpret, parseBody } from './webhook-payload';

/** The key of a delivery as the receiver computes it: from its raw bytes. */
function keyOf(json: unknown): string {
  const raw = bytes(json);
  const parsed = parseBody(raw);
  return dedupKey(interpret(parsed), parsed, raw);
}

/** What ArqSIGN changes on a retry of the same event (docs/arqsign-gaps.md#gap-04; the simulator does exactly this). */
function retried(json: Record<string, any>, attempt: number): Record<string, any> {
  const copy = structuredClone(json);
  copy.DataHoraAtual = `1${attempt % 10}/03/2025 1${attempt % 10}:0${attempt % 10}:59`;
  const retoken = (value: unknown): unknown => {
    if (typeof value === 'string' && /^https?:/.test(value)) return value.replace(/token=[^&]+/, `token=RETRY-${attempt}`);
    if (Array.isArray(value)) return value.map(retoken);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, retoken(v)]));
    return value;
  };
  return retoken(copy) as Record<string, any>;
}

describe('dedupKey', () => {
  describe.each(WEBHOOK_EXAMPLES)('%s', (name) => {
    const example = webhookExample(name);

    it('is stable across the 14 retries of one event (DataHoraAtual, link tokens regenerated)', () => {
      const keys = new Set(Array.from({ length: 14 }, (_, attempt) => keyOf(retried(example, attempt))));
      expect(keys.size).toBe(1);
      expect(keys).toEqual(new Set([keyOf(example)]));
    });

    it('does not depend on the casing or on the configuration that sent it (IdWebhook)', () => {
      expect(keyOf(camelize(example))).toBe(keyOf(example));
      const other = structuredClone(example);
      if ('IdWebhook' in other) other.IdWebhook = '00000000-0000-4000-8000-0000000000ff';
      else other.idWebhook = '00000000-0000-4000-8000-0000000000ff';
      expect(keyOf(other)).toBe(keyOf(example));
    });
  });

  it('identifies known events by content (e1:), the rest by canonical body (c1:) or raw bytes (r1:)', () => {
    expect(keyOf(webhookExample('webhook-signed-by-one.json'))).toMatch(/^e1:[0-9a-f]{64}$/);
    expect(keyOf({ Evento: 'Desconhecido', IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000101' })).toMatch(/^c1:[0-9a-f]{64}$/);
    const raw = Buffer.from('{"Evento": ');
    expect(dedupKey(interpret(undefined), undefined, raw)).toMatch(/^r1:[0-9a-f]{64}$/);
  });

  it('a content key also ignores DataHoraAtual and link tokens', () => {
    const unknown = { Evento: 'ProcessoArquivado', IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000101', DataHoraAtual: '01/01/2025 00:00:00', Link: 'https://x.example/a?token=1' };
    expect(keyOf({ ...unknown, DataHoraAtual: '02/01/2025 00:00:00', Link: 'https://x.example/a?token=2' })).toBe(keyOf(unknown));
    expect(keyOf({ ...unknown, Link: 'https://x.example/b?token=1' })).not.toBe(keyOf(unknown));
  });

  describe('genuinely different events stay distinct', () => {
    it('two signers signing (trigger 3 for each)', () => {
      const maria = webhookExample('webhook-signed-by-one.json');
      const joao = structuredClone(maria);
      joao.Signatarios[0].Id = '5e1f0c2a-3333-4a2b-9c3d-000000000302';
      joao.Signatarios[0].DadosAssinatura.DataAssinatura = '2025-03-11T09:10:42';
      expect(keyOf(joao)).not.toBe(keyOf(maria));
    });

    it('two resends (different DataReenvio)', () => {
      const first = webhookExample('webhook-resent.json');
      const second = structuredClone(first);
      second.DataReenvio = '2025-03-12T08:00:00';
      second.DataExpiracao = '2025-04-11T08:00:00';
      expect(keyOf(second)).not.toBe(keyOf(first));
    });

    it('a delivery failure before and after a resend, and for another signer', () => {
      const first = webhookExample('webhook-delivery-failure.json');
      const afterResend = structuredClone(first);
      afterResend.DataReenvio = '2025-03-10T15:05:00';
      expect(keyOf(afterResend)).not.toBe(keyOf(first));
      const newContact = structuredClone(afterResend);
      newContact.Signatarios[0].Email = null;
      newContact.Signatarios[0].Telefone = '+55 11 99999-0000';
      expect(keyOf(newContact)).not.toBe(keyOf(afterResend));
      const other = structuredClone(first);
      other.Signatarios[0].Id = '5e1f0c2a-3333-4a2b-9c3d-000000000301';
      expect(keyOf(other)).not.toBe(keyOf(first));
    });

    it('an expiry after a renewal (a new deadline passed; or the same second, but after a resend)', () => {
      const first = webhookExample('webhook-expired.json');
      const second = structuredClone(first);
      second.DataExpiracao = '2025-05-09T13:00:05';
      expect(keyOf(second)).not.toBe(keyOf(first));
      const sameSecond = structuredClone(first);
      sameSecond.DataReenvio = '2025-04-09T13:00:05';
      expect(keyOf(sameSecond)).not.toBe(keyOf(first));
    });

    it('each trigger of one process (sent, signed, concluded…)', () => {
      const keys = WEBHOOK_EXAMPLES.filter((n) => !n.includes('camelcase') && !n.includes('base64')).map((n) => keyOf(webhookExample(n)));
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('the same trigger of two processes', () => {
      const other = webhookExample('webhook-cancelled.json');
      other.IdProcesso = '5e1f0c2a-1111-4a2b-9c3d-000000000102';
      expect(keyOf(other)).not.toBe(keyOf(webhookExample('webhook-cancelled.json')));
    });
  });

  it('the same conclusion as links or as Base64 is the same event', () => {
    expect(keyOf(webhookExample('webhook-concluded-base64.json'))).toBe(keyOf(webhookExample('webhook-concluded-links.json')));
  });
});
