import { ApiKeyRegistry, parseApiKeys } from './api-keys';

describe('parseApiKeys', () => {
  it('reads clientName:key pairs, allowing several keys per client and colons inside keys', () => {
    expect(parseApiKeys(' erp:k1 , erp:k2,crm:a:b ').entries).toEqual([
      { clientName: 'erp', key: 'k1' },
      { clientName: 'erp', key: 'k2' },
      { clientName: 'crm', key: 'a:b' },
    ]);
  });

  it.each([
    ['erp', 'entry 1 is not clientName:key'],
    [':key', 'entry 1 is not clientName:key'],
    ['erp:', 'entry 1 is not clientName:key'],
    ['erp:k1,crm:k1', 'entry 2 repeats a key given to another entry'],
    ['bad name:k', 'entry 1: client name must be 1-64 of A-Z a-z 0-9 . _ -'],
    [' , ', 'no clientName:key pair given'],
  ])('rejects %p without quoting the key', (value, problem) => {
    const { problems } = parseApiKeys(value);
    expect(problems).toEqual([problem]);
  });
});

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry([
    { clientName: 'erp', key: 'secret-one' },
    { clientName: 'crm', key: 'secret-two' },
  ]);

  it('finds the owner of a key', () => {
    expect(registry.clientFor('secret-two')).toBe('crm');
    expect(registry.clientFor('secret-one')).toBe('erp');
  });

  it.each([undefined, '', 'secret-on', 'secret-one ', 'SECRET-ONE'])('rejects %p', (presented) => {
    expect(registry.clientFor(presented)).toBeUndefined();
  });
});
