import { ARQSIGN_EXAMPLES_DIR } from '../../../src/arqsign-client/testing/fixtures';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { RunningSimulator } from '../../../src/sandbox';

/** Helpers shared by the sandbox simulator tests (real HTTP only). */

/** Copies of `arqsign/examples` (synthetic data), so the tests don't depend on files outside the repo. */
const EXAMPLES = ARQSIGN_EXAMPLES_DIR;

export function example<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as T;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** Calls the simulator with the account's keys (or the given headers). */
export function apiClient(sim: RunningSimulator, keyIndex: 0 | 1 = 0) {
  const keys = { AppKey: sim.account.appKey, SubscriptionKey: sim.account.subscriptionKeys[keyIndex] };
  return async function call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = keys,
  ): Promise<ApiResponse<T>> {
    const res = await fetch(sim.url + path, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  };
}

export type Api = ReturnType<typeof apiClient>;

/** The send example, pointed at the simulator's responsible user and folder. */
export function sendRequest(sim: RunningSimulator): any {
  const body = example('send-process-request.json');
  body.idResponsavel = sim.account.responsibleId;
  body.idPasta = sim.account.folderId;
  return body;
}

/** A minimal valid send body: one or more electronic signers, e-mail delivery, one PDF. */
export function simpleSendRequest(sim: RunningSimulator, signers: string[], pdfBase64?: string): any {
  return {
    idResponsavel: sim.account.responsibleId,
    nomeProcesso: 'Processo de teste',
    idPasta: sim.account.folderId,
    usarOrdemAssinatura: true,
    usarPosicaoAssinaturaAutomatica: true,
    destinatarios: signers.map((email, i) => ({
      idTipoAcao: 1,
      ordemAssinatura: i + 1,
      nome: `Signatario ${i + 1}`,
      email,
      assinarOnline: {
        assinarComo: 1,
        idTipoAssinatura: 1,
        assinaturaEletronica: {
          obrigarSignatarioInformarNome: true,
          obrigarSignatarioInformarNumeroDocumento: true,
          tipoDocumentoAInformar: 1,
        },
      },
    })),
    documentos: [{ ordemDocumento: 1, nomeComExtensao: 'contrato.pdf', arquivo: pdfBase64 ?? 'JVBERi0xLjQKJSBwbGFjZWhvbGRlciBBCiUlRU9GCg==' }],
  };
}

export async function realPdf(pages = 2): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]).drawText(`Pagina ${i + 1}`, { x: 50, y: 700 });
  return Buffer.from(await doc.save());
}

/** A parseable PDF: `%PDF-` header and pdf-lib can read its pages. Returns the page count. */
export async function pdfPageCount(bytes: Buffer): Promise<number> {
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const doc = await PDFDocument.load(bytes);
  return doc.getPageCount();
}

export async function control(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  return apiClient(sim)(method, path, body, {});
}

export async function act(sim: RunningSimulator, processId: string, body: Record<string, unknown>): Promise<ApiResponse> {
  return control(sim, 'POST', `/__sim/processes/${processId}/actions`, body);
}

export function verifyHmac(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  body: any;
  at: number;
}

export interface RecordingListener {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A webhook listener on 127.0.0.1 that records every delivery and answers with `respond`
 * (default 200). `respond` may return 'hang' to never answer.
 */
export async function startListener(
  respond: (hook: ReceivedWebhook) => number | 'hang' = () => 200,
): Promise<RecordingListener> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const hook: ReceivedWebhook = { path: req.url ?? '/', headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')), at: Date.now() };
      received.push(hook);
      const status = respond(hook);
      if (status === 'hang') return;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every key path of a JSON value (arrays merged over their items), for shape comparison with the examples. */
export function keyPaths(value: unknown, prefix = ''): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      v.forEach((item) => walk(item, `${p}[]`));
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const path = p ? `${p}.${k}` : k;
        out.add(path);
        walk(child, path);
      }
    }
  };
  walk(value, prefix);
  return [...out].sort();
}

/** Creates a webhook configuration through the API and returns its id and secret. */
export async function createWebhook(api: Api, body: Record<string, unknown>): Promise<{ id: string; nome: string; chaveHMAC: string }> {
  const res = await api('POST', '/api/v1/confwebhook', body);
  expect(res.status).toBe(200);
  return res.body;
}

export const TRACKING_RETURN = {
  processo: true,
  signatarios: true,
  documentos: false,
  documentosTipo: null,
  linkDocCompartilhado: false,
  registrosAssinatura: false,
  registrosAssinaturaTipo: null,
};

export const CONCLUSION_LINKS_RETURN = {
  processo: true,
  signatarios: true,
  documentos: true,
  documentosTipo: 2,
  linkDocCompartilhado: true,
  registrosAssinatura: true,
  registrosAssinaturaTipo: 2,
};

export async function download(url: string): Promise<{ status: number; bytes: Buffer; contentType: string | null }> {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
}
