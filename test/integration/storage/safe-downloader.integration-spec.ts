import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import http, { IncomingMessage, Server, ServerResponse } from 'node:http';
import net, { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AllowedHosts } from '../../../src/storage/download/allowed-hosts';
import {
  DownloadBlockedError,
  DownloadHttpError,
  DownloadTimeoutError,
  FileTooLargeError,
  NotPdfError,
  TooManyRedirectsError,
} from '../../../src/storage/download/download.errors';
import { HostResolver, SafeDownloader } from '../../../src/storage/download/safe-downloader';
import { streamPdfToStore } from '../../../src/storage/store-stream';
import { LocalDiskSignedFileStore } from '../../../src/storage/stores/local-disk.store';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200_000, 3), Buffer.from('\n%%EOF\n')]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local file server on 127.0.0.1 with per-path handlers; records every request it gets. */
async function fileServer(routes: Record<string, Handler>): Promise<{ server: Server; port: number; hits: string[]; hosts: string[] }> {
  const hits: string[] = [];
  const hosts: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url!);
    hosts.push(req.headers.host!);
    const route = routes[req.url!.split('?')[0]];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits, hosts };
}

const close = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
const pdf: Handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': PDF.length }).end(PDF);

/** Fails the test (and never really connects) if any TCP connection is attempted. */
function forbidConnections() {
  return jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
    throw new Error('a connection was attempted');
  });
}

describe('SafeDownloader against local HTTP servers', () => {
  let a: Awaited<ReturnType<typeof fileServer>>;
  let b: Awaited<ReturnType<typeof fileServer>>;
  let root: string;

  beforeAll(async () => {
    a = await fileServer({
      '/doc.pdf': pdf,
      '/html': (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>please log in</html>'),
      '/expired': (_req, res) => res.writeHead(403).end('Link expirado.'),
      '/busy': (_req, res) => res.writeHead(503).end(),
      '/big-declared': (_req, res) => res.writeHead(200, { 'Content-Length': 10_000_000 }).end(),
      '/big-chunked': (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/pdf' });
        res.write('%PDF-1.7\n');
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(Buffer.alloc(64 * 1024))), 1);
      },
      '/stall-headers': () => undefined, // never answers
      '/stall-body': (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': PDF.length });
        res.write(PDF.subarray(0, 1000)); // …and nothing more
      },
      '/r1': (_req, res) => res.writeHead(302, { Location: '/r2' }).end(),
      '/r2': (_req, res) => res.writeHead(307, { Location: `http://127.0.0.1:${a.port}/doc.pdf` }).end(),
      '/loop': (_req, res) => res.writeHead(302, { Location: '/loop' }).end(),
      '/to-b': (_req, res) => res.writeHead(302, { Location: `http://127.0.0.1:${b.port}/doc.pdf` }).end(),
      '/to-metadata': (_req, res) => res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      '/to-evil-name': (_req, res) => res.writeHead(301, { Location: 'http://internal.arqsign.com/doc.pdf' }).end(),
      '/to-file': (_req, res) => res.writeHead(302, { Location: 'file:///etc/passwd' }).end(),
    });
    b = await fileServer({ '/doc.pdf': pdf });
    root = await mkdtemp(join(tmpdir(), 'arqsign-bridge-dl-'));
  });
  afterAll(async () => {
    await close(a.server);
    await close(b.server);
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    a.hits.length = 0;
    b.hits.length = 0;
  });
  afterEach(() => jest.restoreAllMocks());

  /** Only server A's exact host:port is allowed (like the sandbox simulator), plus the .arqsign.com default. */
  const downloader = (options: Partial<ConstructorParameters<typeof SafeDownloader>[0]> = {}) =>
    new SafeDownloader({ allowedHosts: new AllowedHosts(['.arqsign.com', `127.0.0.1:${a.port}`]), maxBytes: 1_000_000, ...options });
  const url = (path: string, port = a.port) => `http://127.0.0.1:${port}${path}`;
  const read = (d: SafeDownloader, target: string) => d.download(target, (body) => buffer(body));

  it('downloads from an allowed exact host:port, streaming the body to the consumer', async () => {
    const bytes = await read(downloader(), url('/doc.pdf?token=abc'));
    expect(sha(bytes)).toBe(sha(PDF));
    expect(a.hits).toEqual(['/doc.pdf?token=abc']);
  });

  it('streams through the PDF check into the store, with size and SHA-256', async () => {
    const store = new LocalDiskSignedFileStore(root);
    const result = await downloader().download(url('/doc.pdf'), (body) => streamPdfToStore(body, store, 'processes/p/ok.pdf', 1_000_000));
    expect(result).toEqual({ size: PDF.length, sha256: sha(PDF) });
    expect(await store.exists('processes/p/ok.pdf')).toBe(true);
  });

  it('refuses a non-PDF body and stores nothing', async () => {
    const store = new LocalDiskSignedFileStore(root);
    const attempt = downloader().download(url('/html'), (body) => streamPdfToStore(body, store, 'processes/p/html.pdf', 1_000_000));
    await expect(attempt).rejects.toBeInstanceOf(NotPdfError);
    expect(await store.exists('processes/p/html.pdf')).toBe(false);
    expect((await readdir(join(root, 'processes', 'p'))).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('refuses a host:port that is not allowed, without sending anything', async () => {
    await expect(read(downloader(), url('/doc.pdf', b.port))).rejects.toThrow(DownloadBlockedError);
    expect(b.hits).toEqual([]);
  });

  it('refuses loopback through an entry that does not name exactly that host:port', async () => {
    const d = new SafeDownloader({ allowedHosts: new AllowedHosts(['127.0.0.1', 'localhost']), maxBytes: 1000 });
    await expect(read(d, 'http://127.0.0.1/doc.pdf')).rejects.toThrow(/loopback/);
  });

  describe('resolved addresses (injected DNS; nothing is ever connected to)', () => {
    const resolving = (...addresses: string[]): HostResolver => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

    it.each([
      ['10.0.0.1', /private/],
      ['192.168.0.10', /private/],
      ['169.254.169.254', /linkLocal/],
      ['127.0.0.1', /loopback/],
      ['::1', /loopback/],
      ['fe80::1', /linkLocal/],
      ['fd00::1', /uniqueLocal/],
      ['::ffff:10.0.0.1', /private/],
      ['::ffff:169.254.169.254', /linkLocal/],
      ['100.64.1.1', /carrierGradeNat/],
      ['0.0.0.0', /unspecified/],
    ])('an allowed name resolving to %s is refused before any connection', async (address, reason) => {
      const connect = forbidConnections();
      const resolver = jest.fn(resolving(address));
      const attempt = read(downloader({ resolve: resolver }), 'https://files.arqsign.com/download/doc.pdf?token=x');
      await expect(attempt).rejects.toThrow(DownloadBlockedError);
      await expect(attempt).rejects.toThrow(reason);
      expect(resolver).toHaveBeenCalledWith('files.arqsign.com');
      expect(connect).not.toHaveBeenCalled();
    });

    it('refuses when any one of several resolved addresses is private (no partial trust)', async () => {
      const connect = forbidConnections();
      await expect(read(downloader({ resolve: resolving('203.0.113.7', '10.0.0.1') }), 'https://files.arqsign.com/doc.pdf')).rejects.toThrow(DownloadBlockedError);
      expect(connect).not.toHaveBeenCalled();
    });

    it('refuses an IP-literal URL of the cloud metadata service without resolving or connecting', async () => {
      const connect = forbidConnections();
      const resolver = jest.fn(resolving('8.8.8.8'));
      const d = new SafeDownloader({ allowedHosts: new AllowedHosts(['169.254.169.254', '.arqsign.com']), maxBytes: 1000, resolve: resolver });
      await expect(read(d, 'http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/linkLocal/);
      expect(resolver).not.toHaveBeenCalled();
      expect(connect).not.toHaveBeenCalled();
    });

    it('connects only to the address it checked: a name pinned to 127.0.0.1 by an exact entry reaches that server', async () => {
      const d = new SafeDownloader({ allowedHosts: new AllowedHosts([`files.sandbox.test:${a.port}`]), maxBytes: 1_000_000, resolve: resolving('127.0.0.1') });
      const bytes = await read(d, `http://files.sandbox.test:${a.port}/doc.pdf`);
      expect(sha(bytes)).toBe(sha(PDF));
      expect(a.hosts.at(-1)).toBe(`files.sandbox.test:${a.port}`);
    });

    it('counts a slow name resolution towards the connect timeout', async () => {
      const slow: HostResolver = () => new Promise((resolve) => setTimeout(() => resolve([{ address: '127.0.0.1', family: 4 }]), 2000));
      const started = Date.now();
      await expect(read(downloader({ resolve: slow, connectTimeoutMs: 150 }), 'https://files.arqsign.com/doc.pdf')).rejects.toThrow(DownloadTimeoutError);
      expect(Date.now() - started).toBeLessThan(1500);
    });
  });

  describe('redirects (followed by hand, each one checked again)', () => {
    it('follows allowed redirects (relative and absolute)', async () => {
      expect(sha(await read(downloader(), url('/r1')))).toBe(sha(PDF));
      expect(a.hits).toEqual(['/r1', '/r2', '/doc.pdf']);
    });

    it('refuses a redirect to a host:port that is not allowed, and never contacts it', async () => {
      await expect(read(downloader(), url('/to-b'))).rejects.toThrow(DownloadBlockedError);
      expect(b.hits).toEqual([]);
    });

    it('refuses a redirect to the metadata address without connecting to it', async () => {
      const attempt = read(downloader(), url('/to-metadata'));
      await expect(attempt).rejects.toThrow(/not in DOWNLOAD_ALLOWED_HOSTS/);
    });

    it('re-checks the resolved address of a redirect target', async () => {
      const resolver = jest.fn<ReturnType<HostResolver>, Parameters<HostResolver>>(async () => [{ address: '10.1.2.3', family: 4 }]);
      await expect(read(downloader({ resolve: resolver }), url('/to-evil-name'))).rejects.toThrow(/private/);
      expect(resolver).toHaveBeenCalledWith('internal.arqsign.com');
    });

    it('refuses a redirect to another scheme', async () => {
      await expect(read(downloader(), url('/to-file'))).rejects.toThrow(/Scheme file: is not allowed/);
    });

    it('gives up after too many redirects', async () => {
      await expect(read(downloader({ maxRedirects: 3 }), url('/loop'))).rejects.toBeInstanceOf(TooManyRedirectsError);
      expect(a.hits).toHaveLength(4);
    });
  });

  describe('limits', () => {
    it('refuses a declared Content-Length over the cap before reading the body', async () => {
      const consume = jest.fn();
      await expect(downloader({ maxBytes: 1000 }).download(url('/big-declared'), consume)).rejects.toBeInstanceOf(FileTooLargeError);
      expect(consume).not.toHaveBeenCalled();
    });

    it('stops a body without Content-Length at the cap', async () => {
      const store = new LocalDiskSignedFileStore(root);
      const attempt = downloader().download(url('/big-chunked'), (body) => streamPdfToStore(body, store, 'processes/p/big.pdf', 500_000));
      await expect(attempt).rejects.toBeInstanceOf(FileTooLargeError);
      expect(await store.exists('processes/p/big.pdf')).toBe(false);
    });

    it('times out a connection that is never established (connect timeout: a TLS handshake that never completes)', async () => {
      const sockets: net.Socket[] = [];
      const silent = net.createServer((socket) => void sockets.push(socket)); // accepts TCP, never speaks TLS
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as AddressInfo).port;
      try {
        const d = new SafeDownloader({ allowedHosts: new AllowedHosts([`127.0.0.1:${port}`]), maxBytes: 1000, connectTimeoutMs: 200, totalTimeoutMs: 10_000 });
        const started = Date.now();
        const attempt = read(d, `https://127.0.0.1:${port}/doc.pdf`);
        await expect(attempt).rejects.toBeInstanceOf(DownloadTimeoutError);
        await expect(attempt).rejects.toThrow(/No connection to 127\.0\.0\.1:\d+ within 200 ms/);
        expect(Date.now() - started).toBeLessThan(2000);
      } finally {
        sockets.forEach((socket) => socket.destroy());
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('times out a server that never answers (total timeout)', async () => {
      const started = Date.now();
      await expect(read(downloader({ totalTimeoutMs: 300 }), url('/stall-headers'))).rejects.toBeInstanceOf(DownloadTimeoutError);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('times out a body that stalls, and the store keeps nothing', async () => {
      const store = new LocalDiskSignedFileStore(root);
      const attempt = downloader({ totalTimeoutMs: 400 }).download(url('/stall-body'), (body) => streamPdfToStore(body, store, 'processes/p/stall.pdf', 1_000_000));
      await expect(attempt).rejects.toBeInstanceOf(DownloadTimeoutError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await store.exists('processes/p/stall.pdf')).toBe(false);
    });
  });

  describe('answers', () => {
    it('reports an expired link (403) as gone, not retryable', async () => {
      const error = await read(downloader(), url('/expired')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadHttpError);
      expect(error).toMatchObject({ status: 403, linkGone: true, retryable: false });
    });

    it('reports 503 as retryable', async () => {
      await expect(read(downloader(), url('/busy'))).rejects.toMatchObject({ status: 503, retryable: true, linkGone: false });
    });

    it('reports a refused connection as a retryable network error', async () => {
      const closed = await fileServer({});
      const port = closed.port;
      await close(closed.server);
      const d = new SafeDownloader({ allowedHosts: new AllowedHosts([`127.0.0.1:${port}`]), maxBytes: 1000 });
      await expect(read(d, url('/doc.pdf', port))).rejects.toMatchObject({ code: 'DOWNLOAD.NETWORK', retryable: true });
    });

    it.each(['ftp://files.arqsign.com/doc.pdf', 'http://user:pass@files.arqsign.com/doc.pdf', 'not a url'])('refuses %s', async (target) => {
      const connect = forbidConnections();
      await expect(read(downloader(), target)).rejects.toBeInstanceOf(DownloadBlockedError);
      expect(connect).not.toHaveBeenCalled();
    });
  });

  it('hands the consumer a stream, not a buffer', async () => {
    let isStream = false;
    await downloader().download(url('/doc.pdf'), async (body) => {
      isStream = body instanceof Readable && typeof body.pipe === 'function';
      body.resume();
    });
    expect(isStream).toBe(true);
  });
});
