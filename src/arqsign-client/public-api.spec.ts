import { startArqsignSimulator, type RunningSimulator } from '../sandbox';
import * as api from './index';

/**
 * The arqsign-client module's public surface (docs/architecture.md#public-surfaces), seen the way
 * another module sees it: only through its entry file. Changing the list is a deliberate API change.
 * The facade call runs for real against the ArqSIGN simulator over HTTP.
 */
describe('arqsign-client public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'AdminWebhooksController',
      'ArqsignAlreadyFinishedError',
      'ArqsignClient',
      'ArqsignError',
      'ArqsignErrorCode',
      'ArqsignInsufficientCreditsError',
      'ArqsignNotFoundError',
      'ArqsignRateLimitedError',
      'ArqsignUnauthorizedError',
      'ArqsignUnavailableError',
      'ArqsignUncertainError',
      'ArqsignUnexpectedResponseError',
      'ArqsignValidationError',
      'HttpArqsignClient',
      'LenientRecord',
      'PostgresRateLimiter',
      'RATE_LIMIT_PRESETS',
      'WebhookConfigEntity',
      'WebhookConfigStatusService',
      'WebhookConfigStore',
      'WebhookProvisioner',
      'acceptedSecrets',
      'getKey',
      'hasKey',
      'isArqsignError',
      'isRecord',
      'mapSignatureData',
      'normalizeLabel',
      'parseBoolean',
      'parseDate',
      'parseInteger',
      'parseNumber',
      'parseProcessStatus',
      'parseRateLimits',
      'parseSignerAction',
      'parseString',
      'parseUserStatus',
    ]);
  });

  it('HttpArqsignClient is an ArqsignClient (the port other modules inject)', () => {
    expect(Object.getPrototypeOf(api.HttpArqsignClient.prototype)).toBe(api.ArqsignClient.prototype);
  });

  it('parses rate limits as ARQSIGN_RATE_LIMITS is written, and refuses a bad one', () => {
    expect(api.parseRateLimits('4/s,80/min,80/h')).toEqual({ perSecond: 4, perMinute: 80, perHour: 80 });
    expect(api.parseRateLimits(undefined)).toEqual({ perSecond: 4 });
    expect(() => api.parseRateLimits('4/day')).toThrow(RangeError);
  });

  describe('against the simulator', () => {
    let sim: RunningSimulator;
    let client: InstanceType<typeof api.HttpArqsignClient>;

    beforeAll(async () => {
      sim = await startArqsignSimulator({ port: 0, log: () => undefined });
      client = new api.HttpArqsignClient({ baseUrl: sim.url, appKey: sim.account.appKey, subscriptionKey: sim.account.subscriptionKeys[0], retry: { maxAttempts: 1 } });
    });
    afterAll(async () => {
      await client?.close();
      await sim?.close();
    });

    it('reads the account, and maps an unknown process to ArqsignNotFoundError', async () => {
      const account = await client.getAccount();
      expect(account.account.id?.toLowerCase()).toBe(sim.account.accountId.toLowerCase());
      await expect(client.getProcessStatus('5e1f0c2a-1111-4a2b-9c3d-00000000dead')).rejects.toBeInstanceOf(api.ArqsignNotFoundError);
    });
  });
});
