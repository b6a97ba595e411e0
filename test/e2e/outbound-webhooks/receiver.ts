import http, { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedMessage {
  id: string;
  type: string;
  timestamp: string;
  sequence: number;
  data: any;
  headers: Record<string, string>;
}

/**
 * A corporate system's webhook receiver on loopback, as a consumer would write one: every
 * request is verified with the `standardwebhooks` package against the endpoint's secret(s).
 * `respond` decides the status (default 204); a request that fails verification is kept in
 * `rejected` and answered 400.
 */
export class TestReceiver {
  readonly messages: ReceivedMessage[] = [];
  readonly rejected: { headers: Record<string, string>; error: string }[] = [];
  secrets: string[] = [];
  respond: (message: ReceivedMessage) => number | Promise<number> = () => 204;
  private server?: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
        let verified: any;
        let error = 'no secret';
        for (const secret of this.secrets) {
          try {
            verified = new Webhook(secret).verify(body, headers);
            break;
          } catch (e) {
            error = (e as Error).message;
          }
        }
        if (!verified) {
          this.rejected.push({ headers, error });
          response.writeHead(400).end();
          return;
        }
        const message: ReceivedMessage = { ...verified, headers };
        const status = await this.respond(message);
        if (status >= 200 && status < 300) this.messages.push(message);
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  ofProcess(processId: string): ReceivedMessage[] {
    return this.messages.filter((m) => m.data?.process?.id === processId);
  }

  types(processId: string): string[] {
    return this.ofProcess(processId).map((m) => m.type);
  }
}
