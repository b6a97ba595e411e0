import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import type { DomainEventEnvelope, SigningEventMap, SigningEventName } from 'arqsign-bridge';
import { Repository } from 'typeorm';
import { ContractStatus, PurchaseOrder } from './purchase-order.entity';

/** The host's reaction to the signing module's typed events: its own order row follows the contract. */
@Injectable()
export class SigningEventsListener {
  constructor(@InjectRepository(PurchaseOrder) private readonly orders: Repository<PurchaseOrder>) {}

  @OnEvent('signing.process.sent')
  async onSent(event: SigningEventMap['signing.process.sent']): Promise<void> {
    await this.record('signing.process.sent', event, { contractStatus: 'AWAITING_SIGNATURES', signingProcessId: event.processId });
  }

  @OnEvent('signing.signer.signed')
  async onSigned(event: SigningEventMap['signing.signer.signed']): Promise<void> {
    await this.record('signing.signer.signed', event);
  }

  @OnEvent('signing.process.completed')
  async onCompleted(event: SigningEventMap['signing.process.completed']): Promise<void> {
    await this.record('signing.process.completed', event, { contractStatus: 'SIGNED', signedAt: new Date(event.completedAt) });
  }

  @OnEvent('signing.files.stored')
  async onStored(event: SigningEventMap['signing.files.stored']): Promise<void> {
    await this.record('signing.files.stored', event, { contractStatus: 'ARCHIVED' });
  }

  private async record(name: SigningEventName, event: DomainEventEnvelope, changes: { contractStatus?: ContractStatus; signingProcessId?: string; signedAt?: Date } = {}): Promise<void> {
    if (!event.externalId) return; // not one of our orders
    await this.orders
      .createQueryBuilder()
      .update(PurchaseOrder)
      .set({ ...changes, signingEvents: () => 'array_append(signing_events, :name)' })
      .setParameter('name', name)
      .where('number = :number', { number: event.externalId })
      .execute();
  }
}
