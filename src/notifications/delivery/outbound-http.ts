import { promises as dns } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { classifyAddress, normalizeHost } from '../../storage';
import type { OutboundPolicy } from './outbound-policy';

export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundHttpOptions {
  policy: OutboundPolicy;
  /** Until the TCP (and TLS) connection is up. */
  connectTimeoutMs: number;
  /** For the whole exchange: connect, send, status and the (capped) body. */
  responseTimeoutMs: number;
  /** Bytes of the response body read at most (the rest is discarded). */
  maxResponseBytes?: number;
  /** Tests inject one; default the system resolver. */
  resolve?: HostResolver;
}

/** What one POST came to: a status, or an error that says why there is none. */
export interface PostOutcome {
  status: number | null;
  latencyMs: number;
  /** `blocked` never connected (SSRF rules); `timeout` and `network` are retried. */
  error?: { kind: 'blocked' | 'timeout' | 'network'; message: string };
}

const systemResolver: HostResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * POSTs one webhook, safe to point anywhere a client says (docs/outbound-webhooks.md#safety): the
 * host's addresses are resolved and checked right before connecting and the connection is pinned
 * to them (no DNS rebinding in between); redirects are not followed (a 3xx is just a status);
 * connect and response timeouts; at most `maxResponseBytes` of the answer are read.
 */
export class OutboundHttp {
  private readonly resolve: HostResolver;

  constructor(private readonly options: OutboundHttpOptions) {
    this.resolve = options.resolve ?? systemResolver;
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    const started = Date.now();
    const done = (outcome: Omit<PostOutcome, 'latencyMs'>): PostOutcome => ({ ...outcome, latencyMs: Date.now() - started });
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return done({ status: null, error: { kind: 'blocked', message: 'not a valid URL' } });
    }
    const problem = this.options.policy.urlProblem(rawUrl);
    if (problem) return done({ status: null, error: { kind: 'blocked', message: `URL ${problem}` } });

    const host = normalizeHost(url.hostname);
    let addresses: LookupAddress[];
    try {
      addresses = await this.addressesOf(host);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return done({ status: null, error: { kind: message.startsWith('timeout') ? 'timeout' : 'network', message: `could not resolve the host: ${message}` } });
    }
    for (const { address } of addresses) {
      const refused = this.options.policy.addressProblem(host, address);
      if (refused) return done({ status: null, error: { kind: 'blocked', message: `host ${refused}` } });
    }
    try {
      const status = await this.send(url, addresses, headers, body);
      return done({ status });
    } catch (error) {
      const timeout = error instanceof TimeoutError;
      const code = (error as NodeJS.ErrnoException).code;
      return done({ status: null, error: { kind: timeout ? 'timeout' : 'network', message: timeout ? (error as Error).message : `connection failed (${code ?? (error as Error).message})` } });
    }
  }

  private async addressesOf(host: string): Promise<LookupAddress[]> {
    if (classifyAddress(host) !== 'invalid') return [{ address: host, family: host.includes(':') ? 6 : 4 }];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), this.options.connectTimeoutMs)));
    try {
      const found = await Promise.race([this.resolve(host), timeout]);
      if (!found.length) throw new Error('no address');
      return found;
    } finally {
      clearTimeout(timer);
    }
  }

  private send(url: URL, addresses: LookupAddress[], headers: Record<string, string>, body: string): Promise<number> {
    const transport = url.protocol === 'https:' ? https : http;
    const maxBytes = this.options.maxResponseBytes ?? 4096;
    const pinned = (_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (options?.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    };
    return new Promise<number>((resolve, reject) => {
      const payload = Buffer.from(body);
      const request = transport.request({
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent: false,
        lookup: pinned as never,
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), 'user-agent': 'arqsign-bridge-webhooks', ...headers },
      });
      const total = setTimeout(() => request.destroy(new TimeoutError(`no complete answer within ${this.options.responseTimeoutMs} ms`)), this.options.responseTimeoutMs);
      request.on('socket', (socket: Socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(() => request.destroy(new TimeoutError(`no connection within ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs);
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connect));
        socket.once('close', () => clearTimeout(connect));
      });
      request.once('error', (error) => {
        clearTimeout(total);
        reject(error);
      });
      request.once('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on('error', () => undefined);
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          // Only the status matters: stop reading past the cap.
          if (read > maxBytes) {
            clearTimeout(total);
            response.destroy();
            resolve(status);
          }
        });
        // The status is what counts: settle on the end of the body, or on its being cut short.
        for (const event of ['end', 'close']) {
          response.once(event, () => {
            clearTimeout(total);
            resolve(status);
          });
        }
      });
      request.end(payload);
    });
  }
}

export class TimeoutError extends Error {}
