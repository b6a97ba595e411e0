import { Injectable } from '@nestjs/common';
import { SigningLogger } from '../logging/signing-logger';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SigningEventMap, SigningEventName } from './event-map';

/**
 * The one way to publish a domain event: the name fixes the payload type, so a wrong payload
 * does not compile. Call it after the transaction commits; in-memory events are not durable,
 * so anything that must survive a crash is a durable job, and the event only wakes it early.
 */
@Injectable()
export class EventPublisher {
  private readonly logger = new SigningLogger(EventPublisher.name);

  constructor(private readonly emitter: EventEmitter2) {}

  async publish<K extends SigningEventName>(name: K, payload: SigningEventMap[K]): Promise<void> {
    try {
      await this.emitter.emitAsync(name, payload);
    } catch (error) {
      // A failing listener must not undo or fail the committed change that caused the event.
      this.logger.error({ err: error, event: name, eventId: payload.eventId }, 'Domain event listener failed');
    }
  }
}
