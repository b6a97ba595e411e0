import { Webhook } from 'standardwebhooks';
import { generateSecret, signedHeaders } from './signature';

describe('Standard Webhooks signing, checked with the standardwebhooks package', () => {
  it('verifies with the secret, fails with another one or a changed body', () => {
    const secret = generateSecret();
    const body = JSON.stringify({ id: 'msg_1', type: 'process.completed', data: { ã: 'ç' } });
    const headers = signedHeaders([secret], 'msg_1', body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('completed', 'cancelled'), { ...headers })).toThrow();
  });

  it('signs with every active secret (rotation overlap): each verifies alone', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const body = '{"x":1}';
    const headers = signedHeaders([current, previous], 'msg_2', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual({ x: 1 });
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual({ x: 1 });
  });
});
