import * as api from './index';

/**
 * The notifications module's public surface (docs/architecture.md#public-surfaces), seen only
 * through its entry file: changing these lists is a deliberate API change.
 */
describe('notifications public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(['MESSAGE_TYPES', 'NOTIFICATION_SETTINGS', 'WebhookEndpointsController', 'WebhookEndpointsService', 'resolveNotificationSettings']);
  });

  it('the endpoint facade offers these use cases', () => {
    expect(Object.getOwnPropertyNames(api.WebhookEndpointsService.prototype).filter((name) => name !== 'constructor').sort()).toEqual([
      'checkUrl',
      'create',
      'get',
      'list',
      'message',
      'messages',
      'ping',
      'remove',
      'replay',
      'rotateSecret',
      'setEnabled',
      'update',
    ]);
  });

  it('clients subscribe to these message types', () => {
    expect(api.MESSAGE_TYPES).toEqual([
      'process.sent',
      'process.send_failed',
      'process.signer_signed',
      'process.delivery_failed',
      'process.refused',
      'process.cancelled',
      'process.expired',
      'process.renewed',
      'process.completed',
      'process.archived',
      'process.archive_failed',
    ]);
  });

  it('resolves the outbound settings: the documented defaults, and what a host sets', () => {
    const defaults = api.resolveNotificationSettings();
    expect(defaults).toMatchObject({ disableAfterFailures: 50, secretOverlapSeconds: 86_400, connectTimeoutMs: 5_000, responseTimeoutMs: 15_000, concurrency: 10, perEndpointConcurrency: 2 });
    expect(defaults.retry).toMatchObject({ baseDelayMs: 5_000, windowMs: 72 * 3600_000 });
    expect(api.resolveNotificationSettings({ retryBaseMs: 200, concurrency: 3, allowedHosts: ['erp.internal'] })).toMatchObject({ retry: { baseDelayMs: 200 }, concurrency: 3, allowedHosts: ['erp.internal'] });
  });
});
