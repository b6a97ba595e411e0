import { ArqsignFactLedger, ArqsignFactOutcome, ArqsignFactRecord } from '../arqsign/arqsign-fact-ledger';

/** The ledger in memory (unit tests); the transaction argument is ignored. */
export class InMemoryArqsignFactLedger extends ArqsignFactLedger {
  readonly rows: ArqsignFactRecord[] = [];

  async recorded(_transaction: unknown, eventId: string): Promise<boolean> {
    return this.rows.some((r) => r.eventId === eventId);
  }

  async record(_transaction: unknown, record: ArqsignFactRecord): Promise<void> {
    if (!this.rows.some((r) => r.eventId === record.eventId)) this.rows.push(record);
  }

  async resendEchoes(_transaction: unknown, processId: string, exceptDeliveryId: string): Promise<number> {
    return this.rows.filter((r) => r.processId === processId && r.deliveryId !== exceptDeliveryId && r.name === 'arqsign.process.resent' && 'resendEcho' in r.outcome && r.outcome.resendEcho).length;
  }

  async outcomesOf(deliveryIds: readonly string[]): Promise<Map<string, ArqsignFactOutcome>> {
    return new Map(this.rows.filter((r) => deliveryIds.includes(r.deliveryId)).map((r) => [r.deliveryId, r.outcome]));
  }
}
