import {
  ArqsignAlreadyFinishedError,
  ArqsignErrorCode,
  ArqsignInsufficientCreditsError,
  ArqsignNotFoundError,
  ArqsignRateLimitedError,
  ArqsignUnauthorizedError,
  ArqsignValidationError,
} from './arqsign-client.errors';
import { extractMessages, mapClientError, sanitizeMessage } from './error-mapping';
import { loadFixture } from './testing/fixtures';

describe('extractMessages (docs/arqsign.md#errors, docs/arqsign-gaps.md#gap-10)', () => {
  it.each([
    ['a JSON string', 'Documento concluído.', ['Documento concluído.']],
    ['the simulator shape', { status: 400, mensagem: 'E-mail inválido.' }, ['E-mail inválido.']],
    ['PascalCase key', { Mensagem: 'Acesso não autorizado.' }, ['Acesso não autorizado.']],
    ['message', { message: 'x' }, ['x']],
    ['erro', { erro: 'y' }, ['y']],
    ['errors array', { errors: ['a', { mensagem: 'b' }] }, ['a', 'b']],
    ['ASP.NET problem details', { title: 'One or more validation errors occurred.', errors: { nome: ['Nome obrigatório'] } }, ['Nome obrigatório']],
    ['title only', { title: 'Bad Request' }, ['Bad Request']],
  ])('reads %s', (_label, body, expected) => {
    expect(extractMessages(body, JSON.stringify(body))).toEqual(expected);
  });

  it('splits several messages joined with "; "', () => {
    expect(extractMessages({ mensagem: 'E-mail inválido.; Telefone inválido.' }, '')).toEqual(['E-mail inválido.', 'Telefone inválido.']);
  });

  it('falls back to the raw text, but not to an HTML error page', () => {
    expect(extractMessages(undefined, 'Método não encontrado.')).toEqual(['Método não encontrado.']);
    expect(extractMessages(undefined, '<html><body>502 Bad Gateway</body></html>')).toEqual([]);
    expect(extractMessages(undefined, '')).toEqual([]);
  });

  it('reads the documented 422 example of cancel', () => {
    const example = loadFixture('cancel-response-422.json') as { body: unknown };
    expect(extractMessages(example.body, JSON.stringify(example.body))).toEqual(['Documento concluído.']);
  });
});

describe('sanitizeMessage', () => {
  it('removes echoed secrets, Base64 runs and control characters, and caps the length', () => {
    const base64 = 'JVBERi0xLjQK'.repeat(20);
    const text = sanitizeMessage(`bad key APPKEY-123 in\n${base64}`, ['APPKEY-123']);
    expect(text).toBe('bad key [redacted] in [base64 removed]');
    expect(sanitizeMessage('x'.repeat(2000)).length).toBeLessThanOrEqual(501);
  });
});

describe('mapClientError', () => {
  const base = { endpoint: 'cancelProcess' };

  it.each([
    [401, ['Acesso não autorizado.'], ArqsignUnauthorizedError, ArqsignErrorCode.UNAUTHORIZED],
    [403, [], ArqsignUnauthorizedError, ArqsignErrorCode.UNAUTHORIZED],
    [429, ['Limite de requisições excedido.'], ArqsignRateLimitedError, ArqsignErrorCode.RATE_LIMITED],
    [422, ['Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente'], ArqsignInsufficientCreditsError, ArqsignErrorCode.INSUFFICIENT_CREDITS],
    [400, ['Saldo de creditos de Envios ou WhatsApp ou SMS insuficiente'], ArqsignInsufficientCreditsError, ArqsignErrorCode.INSUFFICIENT_CREDITS],
    [422, ['Documento concluído.'], ArqsignAlreadyFinishedError, ArqsignErrorCode.ALREADY_FINISHED],
    [422, ['Documento cancelado.'], ArqsignAlreadyFinishedError, ArqsignErrorCode.ALREADY_FINISHED],
    [422, ['Documento com status "Criado".'], ArqsignValidationError, ArqsignErrorCode.VALIDATION],
    [404, ['Método não encontrado.'], ArqsignNotFoundError, ArqsignErrorCode.NOT_FOUND],
    [400, ['Documento excluído.'], ArqsignNotFoundError, ArqsignErrorCode.NOT_FOUND],
    [400, ['E-mail inválido.', 'Telefone inválido.'], ArqsignValidationError, ArqsignErrorCode.VALIDATION],
    [413, [], ArqsignValidationError, ArqsignErrorCode.VALIDATION],
  ])('%i %j → %p', (status, messages, type, code) => {
    const error = mapClientError({ ...base, status, messages });
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(status);
    expect(error.messages).toEqual(messages);
    expect(error.endpoint).toBe('cancelProcess');
  });

  it('tells concluded from cancelled', () => {
    expect((mapClientError({ ...base, status: 422, messages: ['Documento concluído.'] }) as ArqsignAlreadyFinishedError).state).toBe('CONCLUDED');
    expect((mapClientError({ ...base, status: 422, messages: ['Documento cancelado.'] }) as ArqsignAlreadyFinishedError).state).toBe('CANCELLED');
    expect((mapClientError({ ...base, status: 400, messages: ['Documento excluído.'] }) as ArqsignNotFoundError).deleted).toBe(true);
  });

  it('maps E_IDS to NOT_FOUND only when it names the addressed resource', () => {
    const id = '5E1F0C2A-1111-4A2B-9C3D-000000000101';
    const byValue = mapClientError({ ...base, status: 400, messages: [`O(s) id(s) listado(s) não existe(m): “${id.toLowerCase()}”`], pathId: id, pathParam: 'idProcesso' });
    const byName = mapClientError({ ...base, status: 400, messages: ['O(s) id(s) listado(s) não existe(m): idProcesso'], pathId: id, pathParam: 'idProcesso' });
    const other = mapClientError({ ...base, status: 400, messages: ['O(s) id(s) listado(s) não existe(m): idProcessoDestinatario'], pathId: id, pathParam: 'idProcesso' });
    expect(byValue).toBeInstanceOf(ArqsignNotFoundError);
    expect(byName).toBeInstanceOf(ArqsignNotFoundError);
    expect(other).toBeInstanceOf(ArqsignValidationError);
  });

  it('builds a readable message and a non-secret JSON form', () => {
    const error = mapClientError({ endpoint: 'sendProcess', status: 400, messages: ['idPasta não encontrado.'], attempts: 1 });
    expect(error.message).toBe('ArqSIGN sendProcess: request rejected (HTTP 400): idPasta não encontrado.');
    expect(error.retryable).toBe(false);
    expect(error.toJSON()).toMatchObject({ code: 'ARQSIGN.VALIDATION', messages: ['idPasta não encontrado.'], httpStatus: 400, attempts: 1 });
    expect(error.kind).toBe('unprocessable');
  });
});
