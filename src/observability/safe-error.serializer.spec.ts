import { QueryFailedError } from 'typeorm';
import { scrubText, serializeError } from './safe-error.serializer';

describe('serializeError', () => {
  it('keeps type, scrubbed message, code and frames — never SQL parameters, query or driver detail', () => {
    const driverError = Object.assign(new Error('new row for relation "signer" violates check constraint "c"'), { code: '23514', detail: 'Failing row contains (Maria Silva, maria@example.com).' });
    const error = new QueryFailedError('INSERT INTO signer VALUES ($1, $2)', ['Maria Silva', 'maria@example.com'], driverError);
    const serialized = serializeError(error);
    expect(serialized).toEqual({ type: 'QueryFailedError', message: expect.any(String), code: '23514', stack: expect.stringMatching(/^\s+at /) });
    expect(JSON.stringify(serialized)).not.toMatch(/Maria|maria@|INSERT|Failing row/);
  });

  it('scrubs quoted values, e-mails, phone and document numbers and Base64 from messages', () => {
    const text = scrubText('invalid input syntax for type uuid: "João" from joao@example.com, +55 11 99999-0000, 529.982.247-25, ' + 'QUJD'.repeat(40));
    expect(text).not.toMatch(/João|joao@|99999|529\.982|QUJDQUJD/);
    expect(text).toContain('invalid input syntax for type uuid');
  });

  it('passes an already serialized error through and describes non-errors without their value', () => {
    expect(serializeError({ type: 'X', message: 'm', code: 'c' })).toEqual({ type: 'X', message: 'm', code: 'c' });
    expect(serializeError({ body: 'maria@example.com' })).toEqual({ type: 'object', message: '[non-error value]' });
  });
});
