import { EventEmitter2 } from '@nestjs/event-emitter';
import type { SigningEventMap, SigningEventName } from '../../../shared/events/event-map';
import { EventPublisher } from '../../../shared/events/event-publisher';

/** Keeps every published event, in order, instead of emitting it. */
export class RecordingEventPublisher extends EventPublisher {
  readonly published: { name: SigningEventName; payload: SigningEventMap[SigningEventName] }[] = [];

  constructor() {
    super(new EventEmitter2());
  }

  override async publish<K extends SigningEventName>(name: K, payload: SigningEventMap[K]): Promise<void> {
    this.published.push({ name, payload });
  }

  names(): SigningEventName[] {
    return this.published.map((e) => e.name);
  }
}
