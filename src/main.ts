import 'reflect-metadata';
import { ConfigError, loadConfig, SANDBOX_API_KEY } from './config/app-config';
import { secretValues } from './config/runtime-config';
import { DataDirLockedError } from './database/data-dir-lock';
import { createRootLogger } from './observability/logger';
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
  const logger = createRootLogger({ level: config.logLevel, secrets: secretValues(config), publicValues: [SANDBOX_API_KEY.key] });

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
    logger.fatal({ err: error }, 'arqsign-bridge failed to start');
    if (error instanceof DataDirLockedError) process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  const service = await starting;
  if (!service || stopping) return;

  const base = `http://localhost:${config.port}`;
  logger.info(
    {
      api: `${base}/v1`,
      swagger: `${base}/docs`,
      ready: `${base}/health/ready`,
      database: config.databaseUrl ? 'DATABASE_URL' : `embedded (${config.dataDir}/postgres)`,
      mode: config.sandbox ? 'sandbox' : 'live',
      simulator: service.simulator?.url,
      startupMs: Date.now() - startedAt,
    },
    `arqsign-bridge ready on ${base} (Swagger UI: ${base}/docs)`,
  );
  if (config.sandbox) {
    logger.info({ simulator: service.simulator?.url }, `Sandbox mode: ArqSIGN is the built-in simulator at ${service.simulator?.url}`);
  }
  if (config.usingSandboxApiKey) {
    logger.info(`Sandbox API key: "${SANDBOX_API_KEY.key}" (client "${SANDBOX_API_KEY.clientName}"), e.g. curl -H "X-Api-Key: ${SANDBOX_API_KEY.key}" ${base}/v1/whoami`);
  }
}

void main();
