import http, { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundHttp, HostResolver } from './outbound-http';
import { OutboundPolicy } from './outbound-policy';

/**
 * SSRF rules of outbound webhooks with an injected DNS lookup: names resolve to whatever the test
 * says, and the only traffic is to a server on 127.0.0.1 (a refused address is never connected to).
 */
describe('OutboundHttp (SSRF rules)', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      hits.push(`${request.headers.host}${request.url}`);
      if (request.url === '/redirect') response.writeHead(302, { location: 'http://127.0.0.1/elsewhere' }).end();
      else if (request.url === '/big') response.writeHead(200).end(Buffer.alloc(1024 * 1024, 97));
      else if (request.url === '/slow') {
        const timer = setTimeout(() => response.writeHead(200).end(), 2000);
        response.once('close', () => clearTimeout(timer));
      }
      else response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => hits.splice(0));

  const dns: Record<string, string[]> = {
    'hooks.public.test': ['203.0.113.10'],
    'rebind.test': ['93.184.216.34', '127.0.0.1'],
    'private.test': ['10.1.2.3'],
    'metadata.test': ['169.254.169.254'],
    'receiver.internal': ['127.0.0.1'],
  };
  const lookups: string[] = [];
  const resolve: HostResolver = async (name) => {
    lookups.push(name);
    const found = dns[name];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const client = (policy: Partial<ConstructorParameters<typeof OutboundPolicy>[0]> = {}, timeouts = { connectTimeoutMs: 1000, responseTimeoutMs: 1000 }) =>
    new OutboundHttp({ policy: new OutboundPolicy({ allowHttpHosts: [], allowedHosts: [], sandbox: false, ...policy }), ...timeouts, resolve });

  it('refuses plain http unless the host is allow-listed for it', async () => {
    const outcome = await client().post('https://private.test/x'.replace('https', 'http'), {}, '{}');
    expect(outcome.error).toEqual({ kind: 'blocked', message: expect.stringContaining('https') });
    expect(lookups).not.toContain('private.test');
  });

  it.each([
    ['private.test', 'private'],
    ['metadata.test', 'linkLocal'],
    ['receiver.internal', 'loopback'],
    ['rebind.test', 'loopback'],
  ])('refuses %s: one of its addresses is %s (checked at connect time, never connected)', async (host, range) => {
    const outcome = await client({ allowHttpHosts: [host] }).post(`http://${host}:${port}/x`, {}, '{}');
    expect(outcome.status).toBeNull();
    expect(outcome.error).toEqual({ kind: 'blocked', message: expect.stringContaining(range) });
    expect(hits).toEqual([]);
  });

  it('refuses literal non-public addresses, also in IPv4-mapped IPv6 form', async () => {
    for (const url of [`http://127.0.0.1:${port}/x`, `http://[::ffff:127.0.0.1]:${port}/x`, 'https://[fe80::1]/x']) {
      const outcome = await client({ allowHttpHosts: ['127.0.0.1', '::ffff:127.0.0.1'] }).post(url, {}, '{}');
      expect([url, outcome.error?.kind]).toEqual([url, 'blocked']);
    }
    expect(hits).toEqual([]);
  });

  it('connects to an allow-listed host, pinned to the address that was checked', async () => {
    const outcome = await client({ allowHttpHosts: ['receiver.internal'], allowedHosts: ['receiver.internal'] }).post(`http://receiver.internal:${port}/ok`, { 'webhook-id': 'msg_1' }, '{"a":1}');
    expect(outcome).toEqual({ status: 204, latencyMs: expect.any(Number) });
    expect(hits).toEqual([`receiver.internal:${port}/ok`]);
  });

  it('sandbox mode allows loopback (only loopback) over http', async () => {
    expect((await client({ sandbox: true }).post(`http://127.0.0.1:${port}/ok`, {}, '{}')).status).toBe(204);
    expect((await client({ sandbox: true }).post(`http://private.test:${port}/ok`, {}, '{}')).error?.kind).toBe('blocked');
  });

  it('does not follow redirects, caps the body it reads, and times out', async () => {
    const allowed = client({ sandbox: true }, { connectTimeoutMs: 1000, responseTimeoutMs: 500 });
    expect((await allowed.post(`http://127.0.0.1:${port}/redirect`, {}, '{}')).status).toBe(302);
    expect(hits).toEqual([`127.0.0.1:${port}/redirect`]);
    expect((await allowed.post(`http://127.0.0.1:${port}/big`, {}, '{}')).status).toBe(200);
    const slow = await allowed.post(`http://127.0.0.1:${port}/slow`, {}, '{}');
    expect(slow.error?.kind).toBe('timeout');
    expect(slow.latencyMs).toBeLessThan(1500);
  });

  it('a name that does not resolve is a network error (retried), not a block', async () => {
    const outcome = await client().post('https://nowhere.test/x', {}, '{}');
    expect(outcome.error?.kind).toBe('network');
  });
});
