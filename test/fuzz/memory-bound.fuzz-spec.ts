import { request as httpRequest } from 'node:http';
import { startWebhookService, type WebhookTestService } from '../e2e/webhooks/support';

/**
 * Issue 12: memory stays bounded while large unauthenticated / unsigned bodies arrive in
 * parallel. A scaled-down version of `npm run bench:hostile` inside the test run: 40 MB bodies,
 * a 50 MiB webhook cap and a 64 MiB in-flight budget, so that buffering them all (8 × 40 MB on
 * the receiver) would show as ~320 MB more RSS, and the budget allows ~64 MB.
 */
const SIZE = 40 * 1024 * 1024;
const PARALLEL = 8;
const CHUNK = Buffer.alloc(1024 * 1024, 0x61);

function post(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    let status = -1;
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, 'content-length': String(SIZE) } }, (res) => {
      status = res.statusCode ?? -1;
      res.resume();
      res.on('end', () => resolve(status));
    });
    req.on('error', () => resolve(status)); // closed by the server after its early answer
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('Memory bound under parallel large bodies', () => {
  let t: WebhookTestService;
  beforeAll(async () => {
    t = await startWebhookService({ WEBHOOK_MAX_BODY_MB: '50', WEBHOOK_INFLIGHT_BUDGET_MB: '64' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`${PARALLEL} unauthenticated /v1 posts and ${PARALLEL} unsigned webhook posts of 40 MB: RSS grows by less than 160 MB; the service stays live and ready`, async () => {
    const port = t.service.config.port;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const statuses = await Promise.all([
      ...Array.from({ length: PARALLEL }, () => post(port, '/v1/processes', { 'content-type': 'application/json' })),
      ...Array.from({ length: PARALLEL }, () => post(port, '/webhooks/arqsign', { 'content-type': 'application/json', hmac: 'AAAA' })),
    ]);
    clearInterval(sampler);
    const grownMb = (peak - before) / 1024 / 1024;
    // Every answer is a refusal: 401 (no key), 400 (bad signature, read within the budget), 503 (budget full); -1: reset after the answer.
    expect(statuses.filter((status) => ![401, 400, 503, -1].includes(status))).toEqual([]);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(grownMb).toBeLessThan(160);
    const ready = await new Promise<number>((resolve) =>
      httpRequest({ host: '127.0.0.1', port, path: '/health/ready' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end(),
    );
    expect(ready).toBe(200);
  });
});
