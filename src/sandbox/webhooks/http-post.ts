import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostResult {
  /** HTTP status, or null when no answer arrived. */
  status: number | null;
  timedOut: boolean;
  error?: string;
  durationMs: number;
}

/**
 * POSTs one webhook body. No keep-alive (a fresh connection per attempt), a hard overall timeout,
 * and the request is registered in `inFlight` so the simulator can abort it on close.
 */
export function postJson(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
  inFlight: Set<ClientRequest>,
): Promise<PostResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      inFlight.delete(req);
      resolve({ ...result, durationMs: Date.now() - started });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, timedOut: false, error: 'invalid URL', durationMs: 0 });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'Content-Length': String(body.length), Connection: 'close' },
    });
    inFlight.add(req);
    const timer = setTimeout(() => {
      finish({ status: null, timedOut: true, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    let responseStatus: number | null = null;
    // Guarantees settlement when the request is destroyed (timeout, simulator close) at any stage.
    req.on('close', () => finish({ status: responseStatus, timedOut: false, error: 'connection closed' }));
    req.on('response', (res) => {
      responseStatus = res.statusCode ?? null;
      let size = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 2048) chunks.push(chunk);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, 200).replace(/\s+/g, ' ');
        const error = res.statusCode === 200 ? undefined : `${res.statusCode} - ${res.statusMessage ?? ''}${text ? ` - ${text}` : ''}`;
        finish({ status: res.statusCode ?? null, timedOut: false, error });
      });
      res.on('error', (err) => finish({ status: res.statusCode ?? null, timedOut: false, error: err.message }));
    });
    req.on('error', (err) => finish({ status: null, timedOut: false, error: err.message }));
    req.end(body);
  });
}
