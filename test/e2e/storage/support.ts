import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { Api } from '../../integration/sandbox/sandbox-test-kit';
export { eventually } from '../../support/eventually';

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** supertest with an API key already set; responses with binary bodies are buffered. */
export function client(http: App, key: string) {
  const auth = <T extends request.Test>(test: T) => test.set('X-Api-Key', key);
  return {
    get: (path: string) => auth(request(http).get(path)),
    download: (path: string) => auth(request(http).get(path)).buffer(true).parse(binary as never),
    post: (path: string, body?: object) => auth(request(http).post(path)).send(body ?? {}),
  };
}

function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
  res.on('error', (error: Error) => done(error, Buffer.alloc(0)));
}


export interface SimulatorFiles {
  signed: Buffer[];
  records: Buffer[];
}

/** The signed documents and records as the simulator itself reports them (GET v2, Base64), in document order. */
export async function simulatorFiles(arqsign: Api, arqsignProcessId: string): Promise<SimulatorFiles> {
  const response = await arqsign('GET', `/api/v2/processo/${arqsignProcessId}`);
  if (response.status !== 200) throw new Error(`GET v2 answered ${response.status}`);
  const documents = [...(response.body.documentos as any[])].sort((a, b) => a.ordemDocumento - b.ordemDocumento);
  return {
    signed: documents.map((d) => Buffer.from(d.base64Documento, 'base64')),
    records: documents.map((d) => Buffer.from(d.registroAssinaturas.base64, 'base64')),
  };
}

/** The SHA-256 of the original that the simulator wrote into a signed PDF's keywords. */
export async function originalShaInSignedPdf(signed: Buffer): Promise<string | undefined> {
  const doc = await PDFDocument.load(signed, { updateMetadata: false });
  return /sha256-original:([0-9a-f]{64})/.exec(doc.getKeywords() ?? '')?.[1];
}
