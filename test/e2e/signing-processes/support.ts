import { PDFDocument, StandardFonts } from 'pdf-lib';
import request from 'supertest';
import type { App } from 'supertest/types';

/** A small, valid one-page PDF (the simulator signs real PDFs at conclusion). */
export async function makePdf(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

export interface SimProcessState {
  idProcesso: string;
  nomeProcesso: string;
  status: string;
  signatarios: { id: string; nome: string; email: string | null; telefone: string | null; assinado: boolean }[];
  documentos: { id: string; ordemDocumento: number; nomeDocumento: string }[];
}

/** The simulator's test-control API (docs/behaviour.md#sandbox-simulator). */
export function simulatorControl(baseUrl: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  return {
    processes: () => call<SimProcessState[]>('GET', '/__sim/processes'),
    process: (id: string) => call<SimProcessState>('GET', `/__sim/processes/${id}`),
    act: (id: string, action: 'sign' | 'refuse' | 'fail-delivery' | 'expire' | 'cancel', extra: Record<string, unknown> = {}) =>
      call<SimProcessState>('POST', `/__sim/processes/${id}/actions`, { action, ...extra }),
    pauseWebhooks: () => call('POST', '/__sim/webhooks/pause'),
    resumeWebhooks: () => call('POST', '/__sim/webhooks/resume'),
    fault: (path: string, mode: 'error500' | 'rateLimit' | 'timeout', options: { count?: number; retryAfterSeconds?: number } = {}) =>
      call('POST', '/__sim/faults', { path, mode, count: options.count ?? 1, retryAfterSeconds: options.retryAfterSeconds }),
  };
}

/** supertest with an API key already set. */
export function client(http: App, key: string) {
  const auth = <T extends request.Test>(test: T) => test.set('X-Api-Key', key);
  return {
    get: (path: string) => auth(request(http).get(path)),
    post: (path: string, body?: object) => auth(request(http).post(path)).send(body ?? {}),
    multipart: (path: string) => auth(request(http).post(path)),
  };
}

export function processBody(pdf: Buffer, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Contrato 4711',
    externalId: 'ERP-4711',
    documents: [{ fileName: 'contrato.pdf', contentBase64: pdf.toString('base64') }],
    signers: [
      { name: 'Maria Silva', email: 'maria@example.com', order: 1 },
      { name: 'João Souza', phone: '+55 11 99999-0000', email: 'joao@example.com', delivery: 'WHATSAPP', order: 2 },
      { name: 'Arquivo', email: 'arquivo@example.com', action: 'COPY' },
    ],
    settings: { useSigningOrder: true, expirationDays: 30, message: { title: 'Contrato 4711', text: 'Por favor, assine.' } },
    metadata: { erpOrder: 4711 },
    ...overrides,
  };
}
