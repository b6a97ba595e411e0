import { Module } from '@nestjs/common';
import { DurableEvents } from './durable-events';

/**
 * Durable domain events (docs/durable-events.md) for every feature module: import EventsModule and
 * inject `DurableEvents`. Nest instantiates a module once, so all importers share one outbox and
 * one set of dispatchers. Settings can be overridden by providing `DURABLE_EVENTS_OPTIONS`.
 */
@Module({
  providers: [DurableEvents],
  exports: [DurableEvents],
})
export class EventsModule {}
