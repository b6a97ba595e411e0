import 'reflect-metadata';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { loadConfig } from '../src/config/app-config';
import { secretValues } from '../src/config/runtime-config';
import { createRootLogger } from '../src/observability/logger';
import { startService } from '../src/service';

/**
 * The service under test, in its own process (so the load generator, the simulator and the
 * payloads the bench builds never share its event loop or its heap, and its RSS is its own).
 * Started exactly as `npm start` starts it (`startService`), configured by the environment the
 * bench passes. Reports over IPC: `ready`, and every `signing.files.*` / `signing.process.completed`
 * domain event with the wall-clock time it was published (the end of an end-to-end measurement).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createRootLogger({ level: config.logLevel, secrets: secretValues(config) });
  const service = await startService(config, logger);
  const emitter = service.app.get(EventEmitter2);
  for (const name of ['signing.files.stored', 'signing.files.store-failed', 'signing.process.completed']) {
    emitter.on(name, (payload: { processId: string }) => process.send?.({ type: 'event', name, processId: payload.processId, at: Date.now() }));
  }
  process.on('message', (message: { type: string; id: number }) => {
    if (message.type === 'stop') {
      service
        .stop()
        .catch((error: unknown) => logger.error({ err: error }, 'stop failed'))
        .finally(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', port: config.port, pid: process.pid });
}

main().catch((error: unknown) => {
  process.stderr.write(`service failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
