import { Injectable } from '@nestjs/common';
import type { SigningEventMap } from '../../shared/events/event-map';
import { EventPublisher } from '../../shared/events/event-publisher';
import type { SigningProcess } from '../domain/signing-process';

/** Publishes what a saved aggregate collected, each with the common envelope (docs/behaviour.md#domain-events). */
@Injectable()
export class ProcessEventsPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  /** Call only after the transaction that stored the change has committed. */
  async publishFrom(process: SigningProcess, correlationId?: string): Promise<void> {
    const { id: processId, externalId, clientName } = process.snapshot();
    for (const event of process.pullEvents()) {
      const envelope = { eventId: event.eventId, occurredAt: event.occurredAt.toISOString(), processId, externalId, clientName, ...(correlationId ? { correlationId } : {}) };
      // `event` is a union over names; its data was typed against its own name when collected.
      await this.publisher.publish(event.name, { ...envelope, ...event.data } as SigningEventMap[typeof event.name]);
    }
  }
}
