import 'reflect-metadata';
import { ConfigError, loadConfig, SANDBOX_API_KEY } from './config/app-config';
import { secretValues } from './config/runtime-config';
import { DataDirLockedError } from './database/data-dir-lock';
import { createRootLogger, resolveLogFormat } from './observability/logger';
import { logStartBanner } from './observability/start-banner';
import { RunningService, startService } from './service';

/**
 * `npm start`: validate the environment, start what is needed, serve, and on SIGTERM/SIGINT shut
 * down in order (HTTP first, the database last). Exits non-zero with a clear message on bad config.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw error;
  }
  const format = resolveLogFormat(config.logFormat);
  const logger = createRootLogger({ level: config.logLevel, secrets: secretValues(config), publicValues: [SANDBOX_API_KEY.key], format });

  // Signals are handled from the first moment: one arriving during start-up stops what has
  // started once start-up settles, instead of killing the process and orphaning PostgreSQL.
  let stopping = false;
  let starting: Promise<RunningService | undefined> = Promise.resolve(undefined);
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    starting
      .then((service) => service?.stop())
      .then(() => {
        logger.info('Shut down cleanly');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  starting = startService(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, `arqsign-bridge failed to start: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof DataDirLockedError) process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  const service = await starting;
  if (!service || stopping) return;

  logStartBanner(logger, format, {
    baseUrl: `http://localhost:${config.port}`,
    mode: config.sandbox ? 'sandbox' : 'live',
    database: config.databaseUrl ? 'DATABASE_URL' : `embedded (${config.dataDir}/postgres)`,
    simulatorUrl: service.simulator?.url,
    sandboxApiKey: config.usingSandboxApiKey ? SANDBOX_API_KEY.key : undefined,
    startupMs: Date.now() - startedAt,
  });
}

void main();
