import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the request arrived. */
  at: number;
}

export type Responder = (req: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void;

/**
 * Test helper: a real HTTP server on 127.0.0.1 whose answers are scripted per request, in order
 * (`script(...)`), falling back to `otherwise` once the script is used up. Records every request.
 */
export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Responder[] = [];
  private fallback: Responder = reply(200, {});

  private constructor(private readonly server: Server) {}

  static async start(port = 0): Promise<ScriptedServer> {
    let self: ScriptedServer | undefined;
    const server = createServer((raw, res) => {
      const chunks: Buffer[] = [];
      raw.on('data', (c: Buffer) => chunks.push(c));
      raw.on('end', () => {
        const req = { method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
        self!.requests.push(req);
        (self!.queue.shift() ?? self!.fallback)(req, res, raw);
      });
    });
    self = new ScriptedServer(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Queues answers for the next requests, in order. */
  script(...responders: Responder[]): this {
    this.queue.push(...responders);
    return this;
  }

  otherwise(responder: Responder): this {
    this.fallback = responder;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers `status` with a JSON body (a string body is sent as JSON too, unless `raw`). */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}, raw = false): Responder {
  return (_req, res) => {
    const text = body === undefined ? '' : raw && typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': raw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
    res.end(text);
  };
}

/** Never answers (until the server closes). */
export const hang: Responder = () => undefined;

/** Drops the connection without an answer, after the request was fully received. */
export const dropConnection: Responder = (_req, _res, raw) => {
  raw.socket.destroy();
};
