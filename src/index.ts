/** Public surface for a host app embedding arqsign-bridge (docs/behaviour.md#embedding). */
export { SigningModule } from './signing.module';
export type { SigningModuleOptions, StorageOptions } from './signing.module-definition';
export type { SigningEventMap, SigningEventName, DomainEventEnvelope, SignerRef } from './shared/events/event-map';
export { SIGNING_EVENT_NAMES } from './shared/events/event-map';
export { SIGNING_ENTITIES } from './database/entities';
export { SIGNING_MIGRATIONS } from '../migrations';
export { runMigrationsLocked } from './database/migrations-lock';
