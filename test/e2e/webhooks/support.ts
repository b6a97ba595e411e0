import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { apiClient, type Api } from '../../integration/sandbox/sandbox-test-kit';
import { startTestService, type TestService } from '../../support/test-service';
import { makePdf, simulatorControl } from '../signing-processes/support';
import { eventually } from '../../support/eventually';
export { eventually };

export const API_KEY = 'sandbox-key';
/** A configured secret (ARQSIGN_WEBHOOK_SECRETS) the tests sign their own deliveries with. */
export const RELAY_SECRET = 'e2e-relay-secret-0001';

export interface WebhookTestService {
  service: TestService;
  http: App;
  /** ArqSIGN API of the simulator, with its account keys. */
  arqsign: Api;
  sim: ReturnType<typeof simulatorControl>;
  pdf: Buffer;
  close(): Promise<void>;
}

/**
 * The whole service in sandbox mode: the simulator plays ArqSIGN, and the service provisioned
 * its tracking and conclusion webhook configurations at start (pointing at its own
 * `/webhooks/arqsign`, secrets stored), so the simulator sends real signed webhooks.
 */
export async function startWebhookService(env: NodeJS.ProcessEnv = {}): Promise<WebhookTestService> {
  const service = await startTestService({ ARQSIGN_WEBHOOK_SECRETS: RELAY_SECRET, ...env });
  return {
    service,
    http: service.app.getHttpServer(),
    arqsign: apiClient(service.simulator!),
    sim: simulatorControl(service.simulator!.url),
    pdf: await makePdf('Contrato'),
    close: () => service.close(),
  };
}

export function api(http: App) {
  return {
    get: (path: string) => request(http).get(path).set('X-Api-Key', API_KEY),
    post: (path: string, body?: object) => request(http).post(path).set('X-Api-Key', API_KEY).send(body ?? {}),
  };
}

export interface SignerSpec {
  name: string;
  email?: string;
  phone?: string;
  delivery?: 'EMAIL' | 'WHATSAPP';
  order?: number;
}

/** Creates a process through our API (`POST /v1/processes`); answers it (IN_PROGRESS, linked). */
export async function createProcess(t: WebhookTestService, signers: SignerSpec[], name = `Contrato ${Math.random().toString(36).slice(2, 8)}`): Promise<any> {
  const response = await api(t.http).post('/v1/processes', {
    name,
    documents: [{ fileName: 'contrato.pdf', contentBase64: t.pdf.toString('base64') }],
    signers: signers.map((s, i) => ({ order: i + 1, ...s })),
    settings: { useSigningOrder: true, expirationDays: 30 },
  });
  expect(response.status).toBe(201);
  expect(response.body.status).toBe('IN_PROGRESS');
  return response.body;
}

export async function getProcess(t: WebhookTestService, id: string): Promise<any> {
  const response = await api(t.http).get(`/v1/processes/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

export async function history(t: WebhookTestService, id: string): Promise<any[]> {
  const response = await api(t.http).get(`/v1/processes/${id}/history`);
  expect(response.status).toBe(200);
  return response.body.items;
}

export async function deliveries(t: WebhookTestService, query: Record<string, string> = {}): Promise<any[]> {
  const response = await api(t.http).get(`/v1/admin/webhook-deliveries?${new URLSearchParams({ limit: '100', ...query })}`);
  expect(response.status).toBe(200);
  return response.body.items;
}


/** Polls our process until `accept` holds for it. */
export function processUntil(t: WebhookTestService, id: string, accept: (process: any) => boolean, what: string, timeoutMs?: number): Promise<any> {
  return eventually(async () => {
    const process = await getProcess(t, id);
    return accept(process) ? process : undefined;
  }, what, timeoutMs);
}

/** Base64 HMAC-SHA256, as ArqSIGN signs. */
export function sign(body: Buffer | string, secret = RELAY_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** POSTs raw bytes to our receiver, signed with `secret` (or with the given header). */
export function postWebhook(http: App, body: Buffer | string, options: { secret?: string; hmac?: string | null; contentType?: string } = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  let test = request(http).post('/webhooks/arqsign').set('Content-Type', options.contentType ?? 'application/json; charset=utf-8');
  const hmac = options.hmac === undefined ? sign(bytes, options.secret) : options.hmac;
  if (hmac !== null) test = test.set('HMAC', hmac);
  // A string is sent as is (superagent would JSON-serialize a Buffer given with a JSON content type).
  return test.send(bytes.toString('utf8'));
}

/** Runs SQL against the service's database. */
export async function sql<T = any>(t: WebhookTestService, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: t.service.database.url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Our provisioned configurations in the simulator (ArqSIGN API 3.15). */
export async function ourConfigs(t: WebhookTestService): Promise<{ tracking: any; conclusion: any }> {
  const response = await t.arqsign('GET', '/api/v1/confwebhook');
  expect(response.status).toBe(200);
  const configs: any[] = response.body;
  return {
    tracking: configs.find((c) => /tracking/.test(c.nome)),
    conclusion: configs.find((c) => /conclusion/.test(c.nome)),
  };
}

export async function setConfigStatus(t: WebhookTestService, configId: string, status: 1 | 2): Promise<void> {
  const response = await t.arqsign('PATCH', `/api/v1/confwebhook/${configId}/alterar-status`, { status });
  expect(response.status).toBe(200);
}

/** History entries of one type. */
export function ofType(entries: any[], type: string): any[] {
  return entries.filter((entry) => entry.type === type);
}
