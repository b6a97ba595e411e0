/** The public surface of the reconciliation module (docs/architecture.md#public-surfaces): its sweep and settings. */
export { ReconciliationService } from './reconciliation.service';
export { RECONCILIATION_SETTINGS, type ReconciliationSettings } from './reconciliation.settings';
