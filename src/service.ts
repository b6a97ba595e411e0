import type { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { WebhookProvisioner } from './arqsign-client';
import { AppConfig } from './config/app-config';
import { RuntimeConfig } from './config/runtime-config';
import { createApp } from './bootstrap';
import { DataDirLock } from './database/data-dir-lock';
import { EmbeddedPostgres } from './database/embedded-postgres.server';
import { RunningSimulator, startArqsignSimulator } from './sandbox';

export interface RunningService {
  app: INestApplication;
  config: RuntimeConfig;
  simulator?: RunningSimulator;
  /** Graceful: stop accepting, finish in-flight requests, close the database, stop what we started. */
  stop(): Promise<void>;
}

/**
 * Starts everything `npm start` runs, in order: the DATA_DIR lock, the embedded PostgreSQL (no DATABASE_URL), the
 * ArqSIGN simulator (sandbox mode), then the app (migrations applied at start), listening on PORT.
 * What was started is stopped again if a later step fails.
 */
export async function startService(config: AppConfig, logger: Logger): Promise<RunningService> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse().splice(0)) await stop().catch((error: unknown) => logger.error({ err: error }, 'Error while stopping'));
  };
  try {
    // One instance per DATA_DIR: refuse before touching the embedded PostgreSQL or the files.
    const dataDirLock = await DataDirLock.acquire(config.dataDir, (message) => logger.warn(message));
    stops.push(() => dataDirLock.release());
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const started = Date.now();
      const embedded = await EmbeddedPostgres.start({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        log: (message) => logger.info(message),
        warn: (message) => logger.warn(message),
      });
      stops.push(() => embedded.stop());
      databaseUrl = embedded.url;
      logger.info({ port: config.embeddedPostgresPort, ms: Date.now() - started }, 'Embedded PostgreSQL ready');
    }

    let arqsign = config.arqsign as RuntimeConfig['arqsign'];
    let simulator: RunningSimulator | undefined;
    if (config.sandbox) {
      // The simulator's state lives under DATA_DIR, so sandbox processes survive a restart.
      const simulatorLog = logger.child({ component: 'arqsign-simulator' });
      simulator = await startArqsignSimulator({
        port: config.sandboxPort,
        stateFile: join(config.dataDir, 'sandbox', 'simulator-state.v8'),
        // Its request lines are for debugging; what happened to its saved state is not.
        log: (line) => {
          if (/starting empty|could not be saved/.test(line)) simulatorLog.warn(line);
          else if (line.startsWith('sandbox state')) simulatorLog.info(line);
          else simulatorLog.debug(line);
        },
      }).catch((error: unknown) => rethrowPortInUse(error, 'SANDBOX_PORT', config.sandboxPort));
      stops.push(() => simulator!.close());
      arqsign = {
        ...config.arqsign,
        baseUrl: simulator.url,
        appKey: simulator.account.appKey,
        subscriptionKey: simulator.account.subscriptionKeys[0],
        responsibleId: config.arqsign.responsibleId ?? simulator.account.responsibleId,
        folderId: config.arqsign.folderId ?? simulator.account.folderId,
        accountId: config.arqsign.accountId ?? simulator.account.accountId,
      };
    }

    // The simulator is ours: its download links are always allowed.
    const downloadAllowedHosts = simulator ? [...config.downloadAllowedHosts, new URL(simulator.url).host] : config.downloadAllowedHosts;
    const runtime: RuntimeConfig = { ...config, databaseUrl, arqsign, downloadAllowedHosts };
    if (config.databaseUrl && config.storage.driver === 'local') {
      logger.warn('STORAGE_DRIVER=local with DATABASE_URL: fine for ONE instance; a second instance on this database would not see these files (use STORAGE_DRIVER=s3 to run several)');
    }
    const app = await createApp(runtime, logger);
    stops.push(() => app.close());
    await app.init();
    // Sandbox: the tracking and conclusion webhooks exist in the simulator before we report ready
    // (one log line each). Provisioning only talks to the simulator; it needs no listening server.
    if (config.sandbox) await app.get(WebhookProvisioner).provision();
    await app.listen(config.port).catch((error: unknown) => rethrowPortInUse(error, 'PORT', config.port));
    return { app, config: runtime, simulator, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A busy port fails with a message naming the variable to change, not a bare EADDRINUSE. */
function rethrowPortInUse(error: unknown, variable: string, port: number): never {
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    throw new Error(`${variable}=${port} is already in use by another program: stop it or set ${variable} to a free port`, { cause: error });
  }
  throw error;
}
