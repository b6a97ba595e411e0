import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../../support/free-port';
import { startTestService, type TestService } from '../../support/test-service';
import { makePdf } from '../signing-processes/support';
import { API_KEY, RELAY_SECRET, eventually, sign } from '../webhooks/support';
import { launchBrowser, screenshot } from './browser';

/**
 * A forwarding proxy in front of the service: PUBLIC_BASE_URL (so the provisioned ArqSIGN webhook
 * configurations) points at it. `misrouted` answers 404 to everything, which makes ArqSIGN (the
 * simulator) deactivate a configuration "by failures".
 */
async function startProxy() {
  const target = { port: 0, misrouted: false };
  const server: Server = createServer((req, res) => {
    if (target.misrouted) {
      req.resume();
      req.on('end', () => res.writeHead(404).end('Not Found'));
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
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return { server, port, target };
}

/**
 * The operator console in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole service in sandbox mode: real PostgreSQL, the simulator over HTTP, real signed webhooks.
 */
describe('Operator console (/console) in a browser', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let service: TestService;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pdf: Buffer;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'X-Api-Key': API_KEY, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const createProcess = async (externalId: string, signers: string[]) => {
    const created = await api('POST', '/v1/processes', {
      name: `Contrato ${externalId}`,
      externalId,
      documents: [{ fileName: 'contrato.pdf', contentBase64: pdf.toString('base64') }],
      signers: signers.map((name, i) => ({ name, email: `signer${i}@example.com`, order: i + 1 })),
      settings: { useSigningOrder: true },
    });
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    proxy = await startProxy();
    service = await startTestService({ ARQSIGN_WEBHOOK_SECRETS: RELAY_SECRET, PUBLIC_BASE_URL: `http://127.0.0.1:${proxy.port}` });
    proxy.target.port = service.config.port;
    base = `http://127.0.0.1:${service.config.port}`;
    pdf = await makePdf('Contrato');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    proxy?.server.closeAllConnections();
    await new Promise((done) => proxy?.server.close(done));
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  const focused = () => page.evaluate<string>("document.activeElement?.textContent ?? ''");

  async function enterKey() {
    await page.goto(`${base}/console`);
    await page.getByLabel('API key', { exact: true }).fill(API_KEY);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
  }

  it('serves every asset itself, with no secret in the page or its URLs, and keeps the key for the tab only', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await enterKey();
    expect(requests.every((url) => url.startsWith(base))).toBe(true);
    expect(requests.some((url) => url.includes(API_KEY))).toBe(false);
    expect(await page.content()).not.toContain(API_KEY);
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    // A reload keeps the session (same tab): no key form.
    await page.reload();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    expect(await page.getByText('client sandbox (admin) · sandbox').isVisible()).toBe(true);
    // A wrong key is refused with a message, not stored.
    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.getByLabel('API key', { exact: true }).fill('not-a-key');
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('alert').filter({ hasText: 'That key was not accepted' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('finds a process by externalId, watches its timeline change after simulated signatures without reloading, and downloads an archived file', async () => {
    await createProcess('CONSOLE-OTHER-1', ['Ana Souza']);
    const process = await createProcess('CONSOLE-4711', ['Maria Silva', 'João Lima']);
    await enterKey();
    await page.getByLabel('External id').fill('CONSOLE-4711');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Processes, newest first' }).locator('tbody tr');
    await eventually(async () => (await rows.count()) === 1 && (await rows.first().textContent())?.includes('CONSOLE-4711'), 'one matching row');
    await page.getByRole('link', { name: 'Contrato CONSOLE-4711' }).click();
    await page.getByRole('heading', { name: 'Contrato CONSOLE-4711' }).waitFor();
    const timeline = page.locator('#timeline li');
    await timeline.filter({ hasText: 'process.sent' }).waitFor();
    // Newest first, page by page (one a page here).
    await page.goto(`${base}/console#/processes?limit=1`);
    const firstPage = page.getByRole('table', { name: 'Processes, newest first' }).locator('tbody tr');
    await firstPage.filter({ hasText: 'CONSOLE-4711' }).waitFor();
    await page.getByRole('link', { name: 'Next page' }).click();
    await firstPage.filter({ hasText: 'CONSOLE-OTHER-1' }).waitFor();
    await page.getByRole('link', { name: 'First page' }).click();
    await firstPage.filter({ hasText: 'CONSOLE-4711' }).waitFor();
    await page.getByRole('link', { name: 'Contrato CONSOLE-4711' }).click();
    await page.getByRole('heading', { name: 'Contrato CONSOLE-4711' }).waitFor();
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));

    // Act as Maria in the simulator: the simulator's webhook reaches the service; the page follows.
    await page.getByRole('button', { name: 'Sign as Maria Silva (simulator)' }).click();
    await timeline.filter({ hasText: 'signer.signed' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'process-after-first-signature');
    await page.getByRole('button', { name: 'Sign as João Lima (simulator)' }).click();
    await page.locator('#process-status').getByText('COMPLETED').first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /^Download contrato/ }).first().waitFor({ timeout: 30_000 });
    expect(await timeline.filter({ hasText: 'process.completed' }).count()).toBe(1);
    expect(await timeline.filter({ hasText: 'archive.stored' }).count()).toBe(1);
    expect(navigations).toBe(0); // no reload, no navigation: polling updated the page
    await screenshot(page, 'process-completed-with-timeline');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download contrato/ }).first().click()]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const files = await api('GET', `/v1/processes/${process.id}/files`);
    const first = files.body.items[0];
    expect(download.suggestedFilename()).toBe(first.fileName);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(first.sha256);
  });

  it('shows a parked delivery with its reason and masked body, and replays it', async () => {
    const arqsignProcessId = '5e1f0c2a-7777-4a2b-9c3d-000000000717';
    const body = JSON.stringify({
      Evento: 'ProcessoConcluido',
      IdEvento: 8,
      IdProcesso: arqsignProcessId,
      IdConta: service.simulator!.account.accountId,
      IdWebhook: '7d9e8f10-5555-4c6d-8e7f-000000000717',
      DataHoraAtual: '11/03/2025 09:10:44',
      Documentos: [{ Nome: 'contrato.pdf', Link: 'http://127.0.0.1:1/download/documento/x?token=secret-link-token-717' }],
    });
    const posted = await fetch(`${base}/webhooks/arqsign`, { method: 'POST', headers: { 'Content-Type': 'application/json', HMAC: sign(body) }, body });
    expect(posted.status).toBe(200);
    const deliveryId = ((await posted.json()) as { deliveryId: string }).deliveryId;
    await eventually(async () => (await api('GET', `/v1/admin/webhook-deliveries?arqsignProcessId=${arqsignProcessId}`)).body.items[0]?.state === 'PARKED', 'the delivery PARKED');

    await enterKey();
    await page.getByRole('link', { name: 'Webhook inbox' }).click();
    await page.getByLabel('State').selectOption('PARKED');
    await page.getByRole('button', { name: 'Show' }).click();
    const row = page.locator(`tr[data-delivery="${deliveryId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('not known here');
    await row.getByRole('button', { name: /View body/ }).click();
    const shown = page.locator('pre.body');
    await shown.waitFor();
    expect(await shown.textContent()).toContain(arqsignProcessId);
    expect(await shown.textContent()).not.toContain('secret-link-token-717');
    await screenshot(page, 'inbox-parked-delivery');

    await row.getByRole('button', { name: /Replay/ }).click();
    await page.getByRole('dialog', { name: 'Replay delivery' }).getByRole('button', { name: 'Replay' }).click();
    await page.getByText(`Delivery ${deliveryId} queued again`).first().waitFor();
    // Processed again (still for an unknown process): a second attempt, parked again.
    await eventually(async () => {
      const [delivery] = (await api('GET', `/v1/admin/webhook-deliveries?arqsignProcessId=${arqsignProcessId}`)).body.items;
      return delivery.state === 'PARKED' && delivery.attempts >= 2;
    }, 'the replayed delivery processed again');
  });

  it('shows a configuration ArqSIGN deactivated by failures, and re-provisions it', async () => {
    await enterKey();
    proxy.target.misrouted = true;
    try {
      await createProcess('CONSOLE-404', ['Maria Silva']); // "sent" meets the 404: tracking deactivated
      await eventually(async () => {
        const state = await api('GET', '/v1/admin/arqsign/webhooks');
        return state.body.configurations.find((c: any) => c.kind === 'tracking')?.status === 'INACTIVE_BY_FAILURES';
      }, 'the tracking configuration deactivated by the simulator');
    } finally {
      proxy.target.misrouted = false;
    }
    await page.getByRole('link', { name: 'Webhook configurations' }).click();
    const tracking = page.locator('section[data-kind="tracking"]');
    await tracking.waitFor();
    expect(await tracking.getAttribute('data-status')).toBe('INACTIVE_BY_FAILURES');
    expect(await tracking.textContent()).toContain('unhealthy');
    await screenshot(page, 'webhook-configuration-deactivated');

    await page.getByRole('button', { name: 'Re-provision' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Re-provision' }).click();
    await page.getByText(/Provisioned: .*tracking reactivated/).waitFor();
    expect(await page.locator('section[data-kind="tracking"]').getAttribute('data-status')).toBe('ACTIVE');
  });

  it('can be used with the keyboard alone', async () => {
    await page.goto(`${base}/console`);
    // The key field gets the focus; Enter submits.
    await eventually(() => page.evaluate<boolean>("document.activeElement?.id === 'api-key'"), 'the key field focused');
    await page.keyboard.type(API_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    // Tab from the top of a fresh page: skip link, then the navigation.
    await page.reload();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Processes');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Webhook inbox');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Webhook inbox' }).waitFor();
    // The confirmation dialog opens with the safe choice focused, and Escape closes it.
    await page.goto(`${base}/console#/webhooks`);
    await page.getByRole('button', { name: 'Re-provision' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await focused()).toBe('Go back');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await screenshot(page, 'keyboard-webhooks');
  });
});
