import { resolveNotificationSettings } from '../notifications/notifications.settings';
import { ConfigError, loadConfig } from './app-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts in sandbox mode with the sandbox key and documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      sandbox: true,
      sandboxPort: 3999,
      usingSandboxApiKey: true,
      apiKeys: [{ clientName: 'sandbox', key: 'sandbox-key' }],
      databaseUrl: undefined,
      publicBaseUrl: 'http://localhost:3000',
      webhookMaxBodyBytes: 150 * 1024 * 1024,
      webhookInFlightBudgetBytes: 256 * 1024 * 1024,
      storage: { driver: 'local' },
      archiveMaxAttempts: 5,
      autoResendOnDeliveryFailure: true,
      autoRenewOnExpiryMax: 1,
      reconcileIntervalS: 3600,
      reconcileStaleAfterS: 21600,
    });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('runs live when ARQSIGN_BASE_URL and its keys are set, allowing downloads from its host', () => {
    const config = loadConfig({
      ARQSIGN_BASE_URL: 'https://api-rest.arqsign.com/',
      ARQSIGN_APP_KEY: 'app',
      ARQSIGN_SUBSCRIPTION_KEY: 'sub',
      API_KEYS: 'erp:k1',
      PORT: '8080',
      AUTO_RESEND_ON_DELIVERY_FAILURE: 'false',
    });
    expect(config).toMatchObject({
      sandbox: false,
      port: 8080,
      usingSandboxApiKey: false,
      arqsign: { baseUrl: 'https://api-rest.arqsign.com', appKey: 'app', subscriptionKey: 'sub' },
      downloadAllowedHosts: ['.arqsign.com', 'api-rest.arqsign.com:443'],
      autoResendOnDeliveryFailure: false,
      publicBaseUrl: 'http://localhost:8080',
    });
  });

  it.each([
    [{ ARQSIGN_BASE_URL: 'https://x.example', API_KEYS: 'a:b', ARQSIGN_SUBSCRIPTION_KEY: 's' }, 'ARQSIGN_APP_KEY: is required when ARQSIGN_BASE_URL is set'],
    [{ ARQSIGN_BASE_URL: 'https://x.example', API_KEYS: 'a:b', ARQSIGN_APP_KEY: 'a' }, 'ARQSIGN_SUBSCRIPTION_KEY: is required when ARQSIGN_BASE_URL is set'],
    [{ ARQSIGN_BASE_URL: 'https://x.example', ARQSIGN_APP_KEY: 'a', ARQSIGN_SUBSCRIPTION_KEY: 's' }, 'API_KEYS: is required outside sandbox mode (comma-separated clientName:key pairs)'],
    [{ ARQSIGN_BASE_URL: 'not a url' }, 'ARQSIGN_BASE_URL: must be an http(s) URL'],
    [{ PORT: 'eighty' }, 'PORT: must be an integer number'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [{ STORAGE_DRIVER: 's3' }, 'S3_BUCKET: is required when STORAGE_DRIVER=s3'],
    [{ STORAGE_DRIVER: 'ftp' }, 'STORAGE_DRIVER: must be one of the following values: local, s3'],
    [{ AUTO_RESEND_ON_DELIVERY_FAILURE: 'maybe' }, 'AUTO_RESEND_ON_DELIVERY_FAILURE: must be true or false'],
    [{ API_KEYS: 'no-colon-here' }, 'API_KEYS: entry 1 is not clientName:key'],
    [{ WEBHOOK_INFLIGHT_BUDGET_MB: 'lots' }, 'WEBHOOK_INFLIGHT_BUDGET_MB: must be an integer number'],
    [{ WEBHOOK_INFLIGHT_BUDGET_MB: '0' }, 'WEBHOOK_INFLIGHT_BUDGET_MB: must not be less than 1'],
  ])('names the variable when %p is invalid', (env, problem) => {
    expect(problemsOf(env)).toContain(problem);
  });

  it('WEBHOOK_INFLIGHT_BUDGET_MB is read in MiB and never below WEBHOOK_MAX_BODY_MB (one maximal delivery always fits)', () => {
    expect(loadConfig({ WEBHOOK_INFLIGHT_BUDGET_MB: '512' }).webhookInFlightBudgetBytes).toBe(512 * 1024 * 1024);
    expect(loadConfig({ WEBHOOK_MAX_BODY_MB: '300' }).webhookInFlightBudgetBytes).toBe(300 * 1024 * 1024);
    expect(loadConfig({ WEBHOOK_MAX_BODY_MB: '100', WEBHOOK_INFLIGHT_BUDGET_MB: '20' }).webhookInFlightBudgetBytes).toBe(100 * 1024 * 1024);
  });

  it('reads the outbound webhook settings (lists, numbers) and rejects bad numbers', () => {
    expect(loadConfig({}).outboundWebhooks).toEqual({ allowHttpHosts: [], allowedHosts: [], retryBaseMs: undefined, disableAfterFailures: undefined, secretOverlapSeconds: undefined });
    expect(resolveNotificationSettings(loadConfig({}).outboundWebhooks)).toMatchObject({ retry: { baseDelayMs: 5000 }, disableAfterFailures: 50, secretOverlapSeconds: 86400 });
    const config = loadConfig({ OUTBOUND_ALLOW_HTTP_HOSTS: 'erp.internal, 10.0.0.5', OUTBOUND_ALLOWED_HOSTS: 'erp.internal', OUTBOUND_RETRY_BASE_MS: '200', OUTBOUND_DISABLE_AFTER_FAILURES: '3', OUTBOUND_SECRET_OVERLAP_S: '0' });
    expect(config.outboundWebhooks).toEqual({ allowHttpHosts: ['erp.internal', '10.0.0.5'], allowedHosts: ['erp.internal'], retryBaseMs: 200, disableAfterFailures: 3, secretOverlapSeconds: 0 });
    expect(problemsOf({ OUTBOUND_RETRY_BASE_MS: 'soon', OUTBOUND_DISABLE_AFTER_FAILURES: '0' })).toEqual(expect.arrayContaining([expect.stringMatching(/^OUTBOUND_RETRY_BASE_MS: /), expect.stringMatching(/^OUTBOUND_DISABLE_AFTER_FAILURES: /)]));
  });

  it('never quotes a secret value in its message', () => {
    const problems = problemsOf({ API_KEYS: 'erp:super-secret-1,crm:super-secret-1', DATABASE_URL: 'mysql://u:db-secret@h/d' });
    expect(problems.join('\n')).not.toMatch(/super-secret-1|db-secret/);
  });
});
