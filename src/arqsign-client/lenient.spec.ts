import {
  LenientRecord,
  getKey,
  hasKey,
  normalizeLabel,
  parseBoolean,
  parseDate,
  parseInteger,
  parseNumber,
  parseString,
} from './lenient';
import { loadFixture } from './testing/fixtures';
import { recase } from './testing/recase';

describe('getKey', () => {
  it.each([
    [{ IdProcesso: 'a' }, 'idProcesso', 'a'],
    [{ idProcesso: 'a' }, 'IdProcesso', 'a'],
    [{ IDPROCESSO: 'a' }, 'idProcesso', 'a'],
    [{ 'ordemDocumento ': 2 }, 'ordemDocumento', 2], // docs/arqsign-gaps.md#gap-24: key with a trailing space
  ])('reads %j by %s case-insensitively', (record, key, expected) => {
    expect(getKey(record, key)).toBe(expected);
  });

  it('prefers an exact match over a case-insensitive one', () => {
    expect(getKey({ status: 'exact', Status: 'other' }, 'Status')).toBe('other');
    expect(getKey({ Status: 'other', status: 'exact' }, 'status')).toBe('exact');
  });

  it('tries alternative spellings in order and keeps null as present', () => {
    expect(getKey({ linkDocCompartilhado: true }, 'linkDocumentoCompartilhado', 'linkDocCompartilhado')).toBe(true);
    expect(getKey({ motivoRecusa: null }, 'MotivoRecusa')).toBeNull();
    expect(getKey({ a: 1 }, 'b')).toBeUndefined();
    expect(getKey('not an object', 'a')).toBeUndefined();
    expect(getKey([1, 2], '0')).toBeUndefined();
  });

  it('hasKey sees keys with null values in any casing', () => {
    expect(hasKey({ DataConclusao: null }, 'dataConclusao')).toBe(true);
    expect(hasKey({}, 'dataConclusao')).toBe(false);
  });
});

describe('parseBoolean (docs/arqsign-gaps.md#gap-09)', () => {
  it.each([
    [true, true], [false, false], ['true', true], ['false', false], ['TRUE', true], [' False ', false],
    [1, true], [0, false], ['1', true], ['0', false], ['Sim', true], ['Não', false], ['nao', false],
  ])('%j → %s', (input, expected) => {
    expect(parseBoolean(input)).toBe(expected);
  });

  it.each([[null], [undefined], [''], ['talvez'], [2], [{}]])('%j → undefined', (input) => {
    expect(parseBoolean(input)).toBeUndefined();
  });
});

describe('parseNumber / parseInteger / parseString', () => {
  it('accepts numbers and numeric strings only', () => {
    expect(parseNumber(3)).toBe(3);
    expect(parseNumber(' 2.5 ')).toBe(2.5);
    expect(parseNumber('-4')).toBe(-4);
    expect(parseNumber('12abc')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber(Number.NaN)).toBeUndefined();
    expect(parseNumber(true)).toBeUndefined();
    expect(parseInteger('7')).toBe(7);
    expect(parseInteger(7.5)).toBeUndefined();
  });

  it('trims strings, treats blank as absent and stringifies numbers', () => {
    expect(parseString('  a ')).toBe('a');
    expect(parseString('   ')).toBeUndefined();
    expect(parseString(12)).toBe('12');
    expect(parseString(null)).toBeUndefined();
  });
});

describe('parseDate (docs/arqsign.md#dates-and-time-zone, docs/arqsign-gaps.md#gap-07)', () => {
  it.each([
    ['2025-03-10T14:22:05', '2025-03-10T14:22:05.000Z'], // no offset = UTC
    ['2025-03-10T14:22:05.1234567', '2025-03-10T14:22:05.123Z'], // .NET 7-digit fraction
    ['2025-03-10T14:22:05Z', '2025-03-10T14:22:05.000Z'],
    ['2025-03-10T11:22:05-03:00', '2025-03-10T14:22:05.000Z'],
    ['2025-03-10T17:22:05+0300', '2025-03-10T14:22:05.000Z'],
    ['2025-03-10 14:22', '2025-03-10T14:22:00.000Z'],
    ['2025-03-10', '2025-03-10T00:00:00.000Z'],
    ['10/03/2025 14:22:31', '2025-03-10T14:22:31.000Z'], // webhook DataHoraAtual, day first
    ['25/12/2025', '2025-12-25T00:00:00.000Z'],
  ])('%s → %s', (input, iso) => {
    expect(parseDate(input)?.toISOString()).toBe(iso);
  });

  it('applies a default offset only when the text has none', () => {
    expect(parseDate('10/03/2025 14:22:31', { defaultOffsetMinutes: -180 })?.toISOString()).toBe('2025-03-10T17:22:31.000Z');
    expect(parseDate('2025-03-10T14:22:05Z', { defaultOffsetMinutes: -180 })?.toISOString()).toBe('2025-03-10T14:22:05.000Z');
  });

  it.each([['31/02/2025'], ['2025-13-01'], ['2025-03-10T25:00:00'], ['ontem'], [''], [null], [20250310]])(
    'rejects %j',
    (input) => {
      expect(parseDate(input)).toBeUndefined();
    },
  );
});

describe('normalizeLabel', () => {
  it('ignores accents, case, repeated spaces and dash variants', () => {
    expect(normalizeLabel('  Concluído ')).toBe('concluido');
    expect(normalizeLabel('Certificado Digital – Outros')).toBe(normalizeLabel('Certificado  Digital - Outros'));
  });
});

describe('LenientRecord over the documented examples in both casings', () => {
  const original = loadFixture('get-process-v2-response.json');

  it.each(['camel', 'pascal', 'upper'] as const)('reads GET v2 recased to %s', (casing) => {
    const r = LenientRecord.of(recase(original, casing))!;
    expect(r.string('nomeProcesso')).toBe('Contrato de Prestacao de Servicos - Pedido 4711');
    expect(r.boolean('lembrete')).toBe(true);
    expect(r.date('dataConclusao')?.toISOString()).toBe('2025-03-11T09:10:42.000Z');
    expect(r.date('dataCancelamento')).toBeUndefined();
    const signer = r.records('signatarios')[0];
    expect(signer.boolean('aguardandoEnvio')).toBe(false); // "false" string
    expect(signer.record('papelSignatario')?.strings('pessoaFisica')).toEqual(['Contratante']);
    expect(signer.record('papelSignatario')?.strings('pessoaJuridica')).toEqual([]); // null
    expect(r.records('documentos').map((d) => d.integer('ordemDocumento'))).toEqual([1, 2]);
  });

  it('reads the PascalCase webhook example with camelCase lookups', () => {
    const r = LenientRecord.of(loadFixture('webhook-signed-by-one.json'))!;
    expect(r.integer('idEvento')).toBe(3);
    expect(r.string('statusProcesso')).toBe('Em processo');
    const signed = r.records('signatarios')[0].record('dadosAssinatura')!;
    expect(signed.date('dataAssinatura')?.toISOString()).toBe('2025-03-10T14:22:05.000Z');
    expect(signed.record('dadosPessoaFisica')?.string('numeroDocumentoPessoaFisica')).toBe('12345678909');
  });

  it('of() refuses non-objects and orEmpty() gives an empty view', () => {
    expect(LenientRecord.of(null)).toBeUndefined();
    expect(LenientRecord.of([])).toBeUndefined();
    expect(LenientRecord.orEmpty('x').string('a')).toBeUndefined();
  });
});
