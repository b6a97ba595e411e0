import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ArqsignFactLedger, ArqsignFactOutcome, ArqsignFactRecord } from '../application/arqsign/arqsign-fact-ledger';

/** The ledger of consumed `arqsign.*` facts on PostgreSQL (`signing.arqsign_fact`). */
@Injectable()
export class TypeOrmArqsignFactLedger extends ArqsignFactLedger {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async recorded(transaction: EntityManager, eventId: string): Promise<boolean> {
    const rows: unknown[] = await transaction.query('SELECT 1 FROM signing.arqsign_fact WHERE event_id = $1', [eventId]);
    return rows.length > 0;
  }

  async record(transaction: EntityManager, record: ArqsignFactRecord): Promise<void> {
    await transaction.query(
      'INSERT INTO signing.arqsign_fact (event_id, delivery_id, process_id, name, outcome) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING',
      [record.eventId, record.deliveryId, record.processId, record.name, JSON.stringify(record.outcome)],
    );
  }

  async resendEchoes(transaction: EntityManager, processId: string, exceptDeliveryId: string): Promise<number> {
    const [row] = await transaction.query(
      `SELECT count(DISTINCT delivery_id)::int AS n FROM signing.arqsign_fact
        WHERE process_id = $1 AND delivery_id <> $2 AND name = 'arqsign.process.resent' AND (outcome->>'resendEcho')::boolean IS TRUE`,
      [processId, exceptDeliveryId],
    );
    return row.n as number;
  }

  async outcomesOf(deliveryIds: readonly string[]): Promise<Map<string, ArqsignFactOutcome>> {
    if (!deliveryIds.length) return new Map();
    const rows: { delivery_id: string; outcome: ArqsignFactOutcome }[] = await this.dataSource.query(
      'SELECT DISTINCT ON (delivery_id) delivery_id, outcome FROM signing.arqsign_fact WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, recorded_at DESC',
      [deliveryIds],
    );
    return new Map(rows.map((r) => [r.delivery_id, r.outcome]));
  }
}
