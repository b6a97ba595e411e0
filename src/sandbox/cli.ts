import { startArqsignSimulator } from './simulator-server';

/**
 * `npm run sandbox`: the simulator alone on `SANDBOX_PORT` (default 3999). Optional:
 * `SANDBOX_HOST`, `SANDBOX_TIME_SCALE`, `SANDBOX_LINK_TTL_SECONDS`, `SANDBOX_WEBHOOK_CASING`
 * (pascal|camel), `SANDBOX_CREDITS`, `SANDBOX_RATE_LIMIT` (true|false), `SANDBOX_LOG` (true → log
 * every request and delivery), `SANDBOX_STATE_FILE` (keep account, processes and webhook
 * configurations in this file across restarts; docs/sandbox-persistence.md).
 */
async function main(): Promise<void> {
  const env = process.env;
  const number = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
    return value;
  };
  const casing = env.SANDBOX_WEBHOOK_CASING;
  if (casing && casing !== 'pascal' && casing !== 'camel') throw new Error('SANDBOX_WEBHOOK_CASING must be pascal or camel');

  const simulator = await startArqsignSimulator({
    port: number('SANDBOX_PORT') ?? 3999,
    host: env.SANDBOX_HOST || undefined,
    timeScale: number('SANDBOX_TIME_SCALE'),
    linkTtlSeconds: number('SANDBOX_LINK_TTL_SECONDS'),
    webhookCasing: casing as 'pascal' | 'camel' | undefined,
    credits: number('SANDBOX_CREDITS'),
    rateLimit: env.SANDBOX_RATE_LIMIT === 'true',
    log: env.SANDBOX_LOG === 'true' ? (line) => console.log(`[sim] ${line}`) : undefined,
    stateFile: env.SANDBOX_STATE_FILE || undefined,
  });

  console.log(`ArqSIGN simulator listening on ${simulator.url}`);
  const { appKey, subscriptionKeys, responsibleId, folderId, accountId } = simulator.account;
  console.log('To run the service against it, start it with this environment (README, "Against npm run sandbox"):');
  console.log(
    `  ARQSIGN_BASE_URL=${simulator.url} ARQSIGN_APP_KEY=${appKey} ARQSIGN_SUBSCRIPTION_KEY=${subscriptionKeys[0]} ` +
      `ARQSIGN_RESPONSIBLE_ID=${responsibleId} ARQSIGN_FOLDER_ID=${folderId} ARQSIGN_ACCOUNT_ID=${accountId} API_KEYS=dev:dev-key`,
  );
  console.log('Account (headers AppKey + SubscriptionKey; also at GET /__sim/account):');
  console.log(JSON.stringify(simulator.account, null, 2));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping the simulator`);
    simulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`ArqSIGN simulator failed to start: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
