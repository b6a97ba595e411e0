import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DispatchContext, DurableEvent, DurableEvents } from '../events/durable-events';
import { PROCESS_CHANGED, ProcessChangedPayload, readProcessChange } from '../signing-processes';
import { DeliveryJob } from './delivery/delivery.job';
import { NotificationsStore } from './notifications.store';
import { recordMessages } from './outbox';

/** The durable event consumer's name (stored with its rows in `signing.durable_event`). */
export const OUTBOX_CONSUMER = 'notifications.outbox';

/**
 * Consumer `notifications.outbox` of `signing.process.changed` (docs/outbound-webhooks.md#delivery):
 * writes the change's outbound messages, deliveries and first delivery jobs in the dispatch
 * transaction — they commit with the event's consumption, and the event was written with the
 * change, so no change loses its messages. Idempotent: message ids come from the history's event ids.
 */
@Injectable()
export class OutboxConsumer implements OnModuleInit {
  constructor(
    private readonly events: DurableEvents,
    private readonly store: NotificationsStore,
    @Inject(DeliveryJob) private readonly deliveries: DeliveryJob,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ProcessChangedPayload>(OUTBOX_CONSUMER, [PROCESS_CHANGED], (event, context) => this.handle(event, context));
  }

  async handle(event: DurableEvent<ProcessChangedPayload>, { transaction }: DispatchContext): Promise<void> {
    await recordMessages(transaction, readProcessChange(event.payload), this.store, (manager, deliveryId) => this.deliveries.enqueue(deliveryId, { manager }));
  }
}
