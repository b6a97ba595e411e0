import { createServer, request as httpRequest, Server } from 'node:http';
import request from 'supertest';
import type { App } from 'supertest/types';
import { freePort } from '../../support/free-port';
import { startTestService, TestService } from '../../support/test-service';
import { makePdf, processBody, simulatorControl } from '../signing-processes/support';
import { eventually, metricValue, scrape } from './support';

/**
 * A reverse proxy in front of the service (PUBLIC_BASE_URL points at it, so the provisioned
 * webhook configurations do): while "misrouted" it answers 404 to everything, as a broken ingress
 * would, and ArqSIGN deactivates the configuration at once (docs/arqsign.md#delivery-retries-and-deactivation); otherwise it forwards.
 */
async function startProxy(): Promise<{ server: Server; port: number; target: { port: number; misrouted: boolean } }> {
  const target = { port: 0, misrouted: true };
  const server = createServer((req, res) => {
    if (target.misrouted || !target.port) {
      req.resume();
      req.on('end', () => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'));
      return;
    }
    const upstream = httpRequest({ host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port, target };
}

interface ConfigState {
  kind: string;
  name: string;
  status: string;
  healthy: boolean;
  problems: string[];
  action?: string;
}

/**
 * Issue 7, "done when": a configuration deactivated in the simulator (its listener answered 404)
 * shows in /metrics and in GET /v1/admin/arqsign/webhooks, with a log alert; POST
 * /v1/admin/arqsign/webhooks/provision re-activates it and deliveries flow again.
 */
describe('Reconciliation: webhook configuration health', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let service: TestService;
  let http: App;
  let sim: ReturnType<typeof simulatorControl>;
  const admin = () => ({
    get: (path: string) => request(http).get(path).set('X-Api-Key', 'ops-key-0001'),
    post: (path: string, body: object = {}) => request(http).post(path).set('X-Api-Key', 'ops-key-0001').send(body),
  });

  beforeAll(async () => {
    proxy = await startProxy();
    service = await startTestService({
      API_KEYS: 'ops:ops-key-0001',
      PUBLIC_BASE_URL: `http://127.0.0.1:${proxy.port}`,
      RECONCILE_INTERVAL_S: '1',
      RECONCILE_STALE_AFTER_S: '3600',
    });
    proxy.target.port = service.config.port;
    http = service.app.getHttpServer();
    sim = simulatorControl(service.simulator!.url);
  });
  afterAll(async () => {
    await service?.close();
    proxy?.server.closeAllConnections();
    await new Promise((resolve) => proxy?.server.close(resolve));
  });

  const configs = async () => (await admin().get('/v1/admin/arqsign/webhooks').expect(200)).body.configurations as ConfigState[];
  const gauge = (metrics: string, kind: string) => metricValue(metrics, 'arqsign_webhook_config_active', { kind });

  it('starts with both configurations active', async () => {
    const metrics = await eventually(async () => {
      const text = await scrape(http);
      return gauge(text, 'tracking') !== undefined && text;
    }, 'the first webhook health check', 15_000);
    expect(gauge(metrics, 'tracking')).toBe(1);
    expect(gauge(metrics, 'conclusion')).toBe(1);
  });

  it('a 404 from the listener deactivates the tracking configuration; the check reports it (metric, admin route, log alert)', async () => {
    const created = await admin().post('/v1/processes', processBody(await makePdf('Contrato 404'), { signers: [{ name: 'Maria Silva', email: 'maria@example.com', order: 1 }] }));
    expect(created.status).toBe(201);
    // ArqSIGN's "sent" event (trigger 1) goes to the tracking configuration and meets the 404.
    const attempts = await eventually(async () => {
      const response = await fetch(`${service.simulator!.url}/__sim/deliveries?processId=${created.body.arqsignProcessId}`);
      const list = (await response.json()) as { trigger: number; status: number | null }[];
      return list.length > 0 && list;
    }, 'the delivery attempt', 15_000);
    expect(attempts[0]).toMatchObject({ trigger: 1, status: 404 });

    const metrics = await eventually(async () => {
      const text = await scrape(http);
      return gauge(text, 'tracking') === 0 && text;
    }, 'arqsign_webhook_config_active{kind="tracking"} 0', 15_000);
    expect(gauge(metrics, 'conclusion')).toBe(1);

    const state = await configs();
    expect(state.find((c) => c.kind === 'tracking')).toMatchObject({ status: 'INACTIVE_BY_FAILURES', healthy: false });
    expect(state.find((c) => c.kind === 'tracking')!.problems.join(' ')).toMatch(/401, 403 or 404/);
    expect(state.find((c) => c.kind === 'conclusion')).toMatchObject({ status: 'ACTIVE', healthy: true });

    const alert = service.logLines.map((line) => JSON.parse(line) as { level: string; alert?: string; msg: string }).find((line) => line.alert === 'arqsign_webhook_config_unhealthy');
    expect(alert).toMatchObject({ level: 'error' });
    expect(alert!.msg).toMatch(/tracking .*INACTIVE_BY_FAILURES/);
  });

  it('once the listener is fixed, provisioning re-activates it and deliveries flow again', async () => {
    proxy.target.misrouted = false;
    const provisioned = await admin().post('/v1/admin/arqsign/webhooks/provision').expect(200);
    const tracking = (provisioned.body.configurations as ConfigState[]).find((c) => c.kind === 'tracking');
    expect(tracking).toMatchObject({ action: 'REACTIVATED', status: 'ACTIVE', healthy: true });
    expect(gauge(await scrape(http), 'tracking')).toBe(1);

    const created = await admin().post('/v1/processes', processBody(await makePdf('Contrato 200'), { signers: [{ name: 'Maria Silva', email: 'maria@example.com', order: 1 }] }));
    expect(created.status).toBe(201);
    await sim.act(created.body.arqsignProcessId, 'sign');
    const delivered = await eventually(async () => {
      const items = (await admin().get(`/v1/admin/webhook-deliveries?processId=${created.body.id}`).expect(200)).body.items as { trigger: number; state: string }[];
      return items.some((d) => d.trigger === 3) && items;
    }, 'the signed delivery in the inbox', 15_000);
    expect(delivered.map((d) => d.trigger)).toContain(3);
    // Still healthy at the next checks.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(gauge(await scrape(http), 'tracking')).toBe(1);
  });
});
