import { request as httpRequest } from 'node:http';

/** The seed of every fuzz run: FUZZ_SEED reproduces a failure (it is printed on failure). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261203);

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json?: any;
}

/** One HTTP request with exact bytes and headers (no client-side re-encoding), loopback only. */
export function send(port: number, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The documented error body: `{statusCode, code, message, details?, correlationId}`, id echoed. */
export function errorShapeProblem(response: RawResponse): string | undefined {
  const body = response.json;
  if (!body || typeof body !== 'object') return `not JSON: ${response.text.slice(0, 120)}`;
  const keys = Object.keys(body).sort();
  const allowed = ['code', 'correlationId', 'details', 'message', 'statusCode'];
  if (keys.some((key) => !allowed.includes(key))) return `unexpected keys ${keys.join(',')}`;
  if (body.statusCode !== response.status) return `statusCode ${body.statusCode} ≠ ${response.status}`;
  if (typeof body.code !== 'string' || !/^[A-Z_]+\.[A-Z_]+$/.test(body.code)) return `code ${body.code}`;
  if (typeof body.message !== 'string') return 'message';
  if (typeof body.correlationId !== 'string' || body.correlationId === 'unknown' || !body.correlationId) return `correlationId ${body.correlationId}`;
  if (response.headers['x-request-id'] !== body.correlationId) return 'X-Request-Id not echoed';
  return undefined;
}
