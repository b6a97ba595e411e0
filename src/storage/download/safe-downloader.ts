import { promises as dns } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import http, { ClientRequest, IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { AllowedHosts, classifyAddress, normalizeHost } from './allowed-hosts';
import {
  DownloadBlockedError,
  DownloadHttpError,
  DownloadNetworkError,
  DownloadTimeoutError,
  FileTooLargeError,
  FileTransferError,
  redactUrl,
  TooManyRedirectsError,
} from './download.errors';

/** Resolves a host name to every address it has (like `dns.promises.lookup(name, { all: true })`). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export interface SafeDownloaderOptions {
  allowedHosts: AllowedHosts;
  /** Largest accepted body, in bytes. */
  maxBytes: number;
  /** Until the TCP (and TLS) connection is up, per request. Default 10 s. */
  connectTimeoutMs?: number;
  /** For the whole download: redirects, headers and the body. Default 5 min. */
  totalTimeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Default: the system resolver (`dns.lookup`, all addresses). Tests inject one. */
  resolve?: HostResolver;
  userAgent?: string;
}

export interface DownloadInfo {
  /** The final URL (after redirects). */
  url: URL;
  /** `Content-Length` when the server sent one. */
  contentLength: number | null;
}

const ignore = () => undefined;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const systemResolver: HostResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Downloads from allow-listed hosts only (docs/behaviour.md#configuration, DOWNLOAD_ALLOWED_HOSTS), safe against SSRF:
 *
 * - before every connection (the first and each redirect) the host:port must match the allow-list,
 *   and every address the name resolves to must be public, unless the matching entry names exactly
 *   that host:port. A refused address is never connected to;
 * - the connection is then pinned to the addresses that were checked (no second DNS answer can
 *   swap in another one);
 * - redirects are followed by hand (at most `maxRedirects`), each checked again, never from https
 *   down to http;
 * - connect and total timeouts; a `Content-Length` over the cap is refused before reading.
 *
 * The body is handed to `consume` as a stream (never buffered here); the total timeout keeps
 * running while it is consumed. The caller enforces the size cap on the bytes it reads (see
 * FileInspector), since a server can lie about `Content-Length`.
 */
export class SafeDownloader {
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly resolve: HostResolver;

  constructor(private readonly options: SafeDownloaderOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 300_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.resolve = options.resolve ?? systemResolver;
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  async download<T>(url: string, consume: (body: Readable, info: DownloadInfo) => Promise<T>): Promise<T> {
    let active: { request: ClientRequest; response?: IncomingMessage } | undefined;
    let timedOut = false;
    const timeout = new DownloadTimeoutError(`The download did not finish within ${this.totalTimeoutMs} ms`);
    let rejectTimeout: (error: Error) => void = () => undefined;
    const timedOutPromise = new Promise<never>((_, reject) => (rejectTimeout = reject));
    timedOutPromise.catch(() => undefined);
    const timer = setTimeout(() => {
      timedOut = true;
      if (active?.response) active.response.destroy(timeout);
      active?.request.destroy(timeout);
      rejectTimeout(timeout);
    }, this.totalTimeoutMs);

    try {
      let current = this.parse(url);
      for (let redirects = 0; ; redirects++) {
        const addresses = await Promise.race([this.check(current), timedOutPromise]);
        const request = this.open(current, addresses);
        active = { request };
        const response = await Promise.race([this.awaitResponse(request), timedOutPromise]);
        active.response = response;
        const status = response.statusCode ?? 0;

        if (REDIRECTS.has(status)) {
          response.resume();
          const location = response.headers.location;
          if (!location) throw new DownloadHttpError(status);
          if (redirects >= this.maxRedirects) throw new TooManyRedirectsError(`More than ${this.maxRedirects} redirects`);
          const next = this.parse(location, current);
          if (current.protocol === 'https:' && next.protocol !== 'https:') throw new DownloadBlockedError(`Redirect from https to ${next.protocol} refused`);
          current = next;
          continue;
        }
        if (status !== 200) {
          response.resume();
          throw new DownloadHttpError(status);
        }
        const length = response.headers['content-length'] !== undefined ? Number(response.headers['content-length']) : null;
        if (length !== null && Number.isFinite(length) && length > this.options.maxBytes) {
          response.destroy();
          throw new FileTooLargeError(this.options.maxBytes);
        }
        const result = await Promise.race([consume(response, { url: current, contentLength: length !== null && Number.isFinite(length) ? length : null }), timedOutPromise]);
        return result;
      }
    } catch (error) {
      if (timedOut) throw timeout;
      throw toTransferError(error);
    } finally {
      clearTimeout(timer);
      if (active?.response && !active.response.complete) active.response.destroy();
    }
  }

  private parse(raw: string, base?: URL): URL {
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch {
      throw new DownloadBlockedError('Not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DownloadBlockedError(`Scheme ${url.protocol} is not allowed`);
    if (url.username || url.password) throw new DownloadBlockedError('URLs with credentials are not allowed');
    return url;
  }

  /** Allow-list + address check; returns the addresses the connection may use. */
  private async check(url: URL): Promise<LookupAddress[]> {
    const host = normalizeHost(url.hostname);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const where = `${url.hostname}:${port}`;
    const decision = this.options.allowedHosts.check(host, port);
    if (!decision.allowed) throw new DownloadBlockedError(`${where} is not in DOWNLOAD_ALLOWED_HOSTS`);

    const literal = classifyAddress(host) !== 'invalid';
    let addresses: LookupAddress[];
    if (literal) {
      addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
    } else {
      try {
        // Name resolution counts towards the connect timeout.
        addresses = await withTimeout(this.resolve(host), this.connectTimeoutMs, () => new DownloadTimeoutError(`Could not resolve ${url.hostname} within ${this.connectTimeoutMs} ms`));
      } catch (error) {
        if (error instanceof DownloadTimeoutError) throw error;
        throw new DownloadNetworkError(`Could not resolve ${url.hostname}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      if (!addresses.length) throw new DownloadNetworkError(`${url.hostname} has no address`);
    }
    if (!decision.nonPublicAllowed) {
      for (const { address } of addresses) {
        const range = classifyAddress(address);
        if (range !== 'public') throw new DownloadBlockedError(`${where} resolves to a ${range} address (${address}); only an entry naming exactly ${where} allows that`);
      }
    }
    return addresses;
  }

  private open(url: URL, addresses: LookupAddress[]): ClientRequest {
    const transport = url.protocol === 'https:' ? https : http;
    const pinned = (_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (options?.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    };
    const request = transport.request({
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      agent: false,
      lookup: pinned as never,
      headers: { Accept: 'application/pdf, */*;q=0.5', 'User-Agent': this.options.userAgent ?? 'arqsign-bridge' },
    });
    request.on('socket', (socket: Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => request.destroy(new DownloadTimeoutError(`No connection to ${url.host} within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    request.end();
    return request;
  }

  private awaitResponse(request: ClientRequest): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      request.once('error', reject);
      request.once('response', (response: IncomingMessage) => {
        // Later errors reach whoever reads the body; these keep a stray one from crashing the process.
        request.on('error', ignore);
        response.on('error', ignore);
        resolve(response);
      });
    });
  }

}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'ENOTFOUND', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** Connection-level failures become DownloadNetworkError; anything else (e.g. the store failing) passes unchanged. */
function toTransferError(error: unknown): Error {
  if (error instanceof FileTransferError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && (NETWORK_CODES.has(code) || code.startsWith('HPE_'))) return new DownloadNetworkError(`Connection failed (${code})`);
  return error instanceof Error ? error : new Error(String(error));
}

export { redactUrl };
