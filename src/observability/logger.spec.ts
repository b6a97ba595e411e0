import { Writable } from 'node:stream';
import { createRootLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('createRootLogger', () => {
  it('writes JSON lines with level and time', () => {
    const { lines, destination } = capture();
    createRootLogger({ level: 'info', secrets: [], destination }).info({ processId: 'p1' }, 'hello');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'hello', processId: 'p1', service: 'arqsign-bridge' });
  });

  it('redacts secret keys at any depth and Base64 document contents', () => {
    const { lines, destination } = capture();
    const base64 = Buffer.alloc(3000, 7).toString('base64');
    createRootLogger({ level: 'info', secrets: [], destination }).info(
      { headers: { AppKey: 'k-app', SubscriptionKey: 'k-sub', authorization: 'Bearer k-api' }, deep: { a: { chaveHMAC: 'k-hmac' } }, documents: [{ contentBase64: base64 }], note: `inline ${base64}` },
      'call',
    );
    expect(lines[0]).not.toMatch(/k-app|k-sub|k-api|k-hmac/);
    expect(lines[0]).not.toContain(base64.slice(0, 600));
    expect(JSON.parse(lines[0]).headers.AppKey).toBe('[REDACTED]');
  });

  it('logs binary as its size and leaves class instances to the serializers', () => {
    const { lines, destination } = capture();
    const rawBody = Buffer.alloc(5 * 1024 * 1024, 1);
    createRootLogger({ level: 'info', secrets: [], destination }).info({ request: { rawBody }, note: 'big' }, 'request');
    expect(lines[0].length).toBeLessThan(500);
    expect(JSON.parse(lines[0])).toMatchObject({ note: 'big', request: { rawBody: '[binary 5242880 bytes]' } });
  });

  it('scrubs known secret values wherever they appear, but keeps public values', () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ level: 'info', secrets: ['canary-9d2f', 'sandbox-key', 'we"ird'], publicValues: ['sandbox-key'], destination });
    logger.info(`the key canary-9d2f leaked into a message; sandbox-key is public; we"ird too`);
    logger.error({ err: new Error('failed with canary-9d2f') }, 'boom');
    expect(lines.join('\n')).not.toMatch(/canary-9d2f|we\\"ird/);
    expect(lines[0]).toContain('sandbox-key is public');
  });
});
