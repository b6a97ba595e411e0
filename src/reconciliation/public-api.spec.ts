import * as api from './index';

/**
 * The reconciliation module's public surface (docs/architecture.md#public-surfaces), seen only
 * through its entry file: changing these lists is a deliberate API change. Its run against a real
 * database is covered by test/integration/reconciliation and test/e2e/reconciliation.
 */
describe('reconciliation public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(['RECONCILIATION_SETTINGS', 'ReconciliationService']);
  });

  it('the facade is one sweep, `run`; the settings token is a symbol a host provides partial settings under', () => {
    const publicMethods = Object.getOwnPropertyNames(api.ReconciliationService.prototype).filter((name) => name !== 'constructor');
    expect(publicMethods).toContain('run');
    expect(api.ReconciliationService.prototype.run.length).toBeLessThanOrEqual(1); // run(shouldStop?)
    expect(typeof api.RECONCILIATION_SETTINGS).toBe('symbol');
  });
});
