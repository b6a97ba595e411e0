import type { DomainEventEnvelope, SigningEventMap, SigningEventName } from '../../shared/events/event-map';

/** An event's own data: the envelope (ids, client, time) is added when it is published. */
export type EventData<K extends SigningEventName> = Omit<SigningEventMap[K], keyof DomainEventEnvelope>;

/** A domain event collected by the aggregate, published after the transaction commits. */
export type PendingDomainEvent = {
  [K in SigningEventName]: { name: K; eventId: string; occurredAt: Date; data: EventData<K> };
}[SigningEventName];
