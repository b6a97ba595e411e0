import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SimClock } from './clock';
import { controlRoutes } from './control-api';
import { DownloadLinks } from './files/download-links';
import { ProcessFiles } from './files/process-files';
import { FaultInjector, type Fault } from './http/faults';
import { HttpError, parseJson, readBody, sendError } from './http/http-io';
import { RateLimiter } from './http/rate-limiter';
import { findRoute, type Route, type RouteRequest } from './http/router';
import { E_401, E_404, E_429, E_500 } from './messages';
import { accountRoutes } from './routes/account.routes';
import { downloadRoutes } from './routes/download.routes';
import { processRoutes } from './routes/process.routes';
import { webhookConfigRoutes } from './routes/webhook-config.routes';
import { folderPathText, responsibleName, type SimulatorContext } from './simulator-context';
import { resolveOptions, type RunningSimulator, type SimulatorOptions } from './simulator-options';
import { ProcessStateMachine } from './state-machine';
import { AccountStore } from './state/account-store';
import { ProcessStore } from './state/process-store';
import { SnapshotFile, SnapshotScheduler } from './state/snapshot-file';
import { WebhookStore } from './state/webhook-store';
import { WebhookDispatcher } from './webhooks/dispatcher';
import { PayloadBuilder, snapshotOf } from './webhooks/payload-builder';

const EXPIRY_SWEEP_MS = 5_000;

/** Starts the ArqSIGN simulator (docs/arqsign.md#sandbox-simulator, docs/behaviour.md#sandbox-simulator) on a plain `node:http` server. */
export async function startArqsignSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
  const opts = resolveOptions(options);
  let baseUrl = '';
  const stateFile = opts.stateFile ? new SnapshotFile(opts.stateFile) : undefined;
  const saved = stateFile?.read(opts.log);
  // A saved sandbox keeps its account: the keys and ids the service was configured with.
  if (saved) opts.account = { ...saved.credentials, subscriptionKeys: [...saved.credentials.subscriptionKeys] };
  const clock = new SimClock();
  if (saved) clock.restoreOffset(saved.clockOffsetMs);
  const account = new AccountStore(opts, clock.now());
  const processes = new ProcessStore();
  const webhooks = new WebhookStore();
  if (saved) {
    account.restore(saved.account);
    for (const process of saved.processes) processes.add(process);
    for (const config of saved.webhooks) webhooks.restore(config);
    opts.log(`sandbox state restored from ${opts.stateFile}: ${saved.processes.length} processes, ${saved.webhooks.length} webhook configurations`);
  }
  const persistence = stateFile
    ? new SnapshotScheduler(
        () =>
          stateFile.write({
            credentials: opts.account,
            account: account.snapshot(),
            processes: processes.all(),
            webhooks: webhooks.all(),
            clockOffsetMs: clock.offset,
            linkSecret: links.secret,
          }),
        (error) => opts.log(`sandbox state could not be saved: ${error.message}`),
      )
    : undefined;
  const changed = () => persistence?.schedule();
  const files = new ProcessFiles(() => clock.now());
  const links = new DownloadLinks(() => opts.publicUrl ?? baseUrl, opts.linkTtlSeconds, () => clock.nowMs(), saved?.linkSecret);
  const dispatcher = new WebhookDispatcher({
    webhooks,
    clock,
    builder: new PayloadBuilder(
      { accountId: account.id, casing: opts.webhookCasing, legacyStatusField: opts.legacyStatusField },
      links,
      files,
    ),
    timeScale: opts.timeScale,
    timeoutMs: opts.webhookTimeoutMs,
    groupMembers: (id) => account.group(id)?.userIds ?? [],
    log: opts.log,
    onAttempt: changed,
  });
  const machine = new ProcessStateMachine({
    processes,
    account,
    clock,
    files,
    emit: (trigger, process, signerIds) => {
      changed();
      dispatcher.emit(snapshotOf(trigger, process, folderPathText(account, process), responsibleName(account, process), signerIds));
    },
  });
  const faults = new FaultInjector();
  const limiter = opts.rateLimit ? new RateLimiter(() => clock.nowMs(), opts.rateLimits) : null;
  const ctx: SimulatorContext = { options: opts, clock, account, processes, webhooks, files, links, dispatcher, machine, faults, limiter };

  const apiRoutes = [...processRoutes(ctx), ...accountRoutes(ctx), ...webhookConfigRoutes(ctx)];
  const simRoutes = controlRoutes(ctx);
  const fileRoutes = downloadRoutes(ctx);
  const heldSockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = (req.method ?? 'GET').toUpperCase();

    if (path === '/__sim' || path.startsWith('/__sim/')) {
      await dispatch(simRoutes, method, path, url, req, res);
      return;
    }
    const isDownload = path.startsWith('/download/');
    let apiPath = path;
    if (!isDownload && opts.basePath) {
      if (!path.toLowerCase().startsWith(opts.basePath.toLowerCase() + '/')) throw new HttpError(404, E_404);
      apiPath = path.slice(opts.basePath.length);
    }
    const routes = isDownload ? fileRoutes : apiRoutes;
    if (!findRoute(routes, method, apiPath)) throw new HttpError(404, E_404);

    const fault = ctx.faults.take(method, [apiPath, path]);
    if (fault) {
      applyFault(fault, req, res, heldSockets);
      return;
    }
    if (!isDownload) {
      const retryAfter = limiter?.hit();
      if (retryAfter) throw new HttpError(429, E_429, { 'Retry-After': String(retryAfter) });
      authenticate(ctx, req);
      ctx.machine.sweepExpired();
    }
    await dispatch(routes, method, apiPath, url, req, res);
  };

  const server: Server = createServer((req, res) => {
    opts.log(`${req.method} ${req.url}`);
    // Anything but a read may have changed the state: save it (coalesced) once handled.
    if (req.method !== 'GET' && req.method !== 'HEAD') res.once('close', changed);
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        sendError(res, err.status, err.message, err.headers);
      } else {
        opts.log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
        sendError(res, 500, E_500);
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const urlHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  baseUrl = `http://${urlHost}:${port}`;

  const sweep = setInterval(() => ctx.machine.sweepExpired(), EXPIRY_SWEEP_MS);
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    account: { ...opts.account, subscriptionKeys: [...opts.account.subscriptionKeys] },
    close: () => {
      closing ??= (async () => {
        clearInterval(sweep);
        for (const socket of heldSockets) socket.destroy();
        await dispatcher.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        persistence?.flush();
      })();
      return closing;
    },
  };
}

async function dispatch(routes: Route[], method: string, path: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const found = findRoute(routes, method, path);
  if (!found) throw new HttpError(404, E_404);
  let parsed: Promise<unknown> | undefined;
  const request: RouteRequest = {
    req,
    res,
    method,
    path,
    query: url.searchParams,
    params: found.params,
    body: () => (parsed ??= readBody(req).then(parseJson)),
  };
  await found.route.handler(request);
}

/** `AppKey` + either `SubscriptionKey` of the account, and an Active account (2.2). */
function authenticate(ctx: SimulatorContext, req: IncomingMessage): void {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim();
  };
  const { appKey, subscriptionKeys } = ctx.options.account;
  const ok = header('appkey') === appKey && subscriptionKeys.includes(header('subscriptionkey') ?? '');
  if (!ok || ctx.account.status !== 1) throw new HttpError(401, E_401);
}

function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, held: Set<Socket>): void {
  req.resume(); // drain the body; the fault answers regardless of it
  switch (fault.mode) {
    case 'error500':
      sendError(res, 500, E_500);
      return;
    case 'rateLimit':
      sendError(res, 429, E_429, fault.retryAfterSeconds !== null ? { 'Retry-After': String(fault.retryAfterSeconds) } : {});
      return;
    case 'timeout': {
      // Never answer: the client's own timeout fires. The socket is destroyed on close().
      const socket = req.socket;
      held.add(socket);
      socket.once('close', () => held.delete(socket));
      return;
    }
  }
}
