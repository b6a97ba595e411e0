import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  ConcurrentModificationError,
  IdempotencyKeyTakenError,
  IdempotencyRecord,
  InsertOptions,
  ProcessListFilter,
  SaveOptions,
  SigningProcessRepository,
} from '../application/signing-process.repository';
import { DurableEvents } from '../../events/durable-events';
import { ChangeCause, processChangedEvent } from '../application/process-changed.event';
import type { HistoryEntry } from '../domain/history-entry';
import { SigningProcess } from '../domain/signing-process';
import { DocumentContentEntity, DocumentEntity, HistoryEntity, IdempotencyKeyEntity, SignerEntity, SigningProcessEntity } from './entities';
import { ProcessReadQuery } from './process-read.query';
import { SigningProcessMapper as map } from './signing-process.mapper';

/** jsonb columns typed `Record<string, unknown>` defeat TypeORM's deep-partial type: rows are complete here. */
const rows = <T>(value: T | T[]) => value as QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[];
const row = <T>(value: T) => value as QueryDeepPartialEntity<T>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The repository port on PostgreSQL (schema `signing`). */
@Injectable()
export class TypeOrmSigningProcessRepository extends SigningProcessRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DurableEvents,
  ) {
    super();
  }

  async insert(process: SigningProcess, contents: ReadonlyMap<string, Buffer>, options?: InsertOptions): Promise<void> {
    const props = process.snapshot();
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(SigningProcessEntity, row<SigningProcessEntity>({ id: props.id, ...map.toProcessColumns(props), version: props.version }));
      await manager.insert(SignerEntity, rows(map.toSignerRows(props)));
      await manager.insert(DocumentEntity, map.toDocumentRows(props));
      for (const document of props.documents) {
        await manager.insert(DocumentContentEntity, { documentId: document.id, content: contents.get(document.id)! });
      }
      await this.appendHistory(manager, process, props.version, options?.cause);
      if (options?.idempotency) await this.insertKey(manager, options.idempotency);
      if (options?.restartedFrom) await this.update(manager, options.restartedFrom, options.cause);
    });
    process.markSaved(props.version);
    options?.restartedFrom?.markSaved(options.restartedFrom.version + 1);
  }

  async save(process: SigningProcess, options: SaveOptions = {}): Promise<void> {
    if (options.transaction) await this.update(options.transaction, process, options.cause);
    else await this.dataSource.transaction((manager) => this.update(manager, process, options.cause));
    process.markSaved(process.version + 1);
  }

  async findById(id: string, clientName?: string): Promise<SigningProcess | null> {
    if (!UUID.test(id)) return null;
    return (await this.read(this.reads.byId(id, clientName)))[0] ?? null;
  }

  async findByArqsignProcessId(arqsignProcessId: string): Promise<SigningProcess | null> {
    if (!UUID.test(arqsignProcessId)) return null;
    return (await this.read(this.reads.byArqsignProcessId(arqsignProcessId.toLowerCase())))[0] ?? null;
  }

  async list(filter: ProcessListFilter): Promise<{ items: SigningProcess[]; hasMore: boolean }> {
    const items = await this.read(this.reads.page(filter));
    return { items: items.slice(0, filter.limit), hasMore: items.length > filter.limit };
  }

  async history(processId: string): Promise<HistoryEntry[]> {
    const rows = await this.dataSource.manager.find(HistoryEntity, { where: { processId }, order: { seq: 'ASC' } });
    return rows.map(map.toHistoryEntry);
  }

  async documentContents(processId: string): Promise<Map<string, Buffer>> {
    const rows: { document_id: string; content: Buffer }[] = await this.dataSource.query(
      'SELECT c.document_id, c.content FROM signing.signing_process_document_content c JOIN signing.signing_process_document d ON d.id = c.document_id WHERE d.process_id = $1',
      [processId],
    );
    return new Map(rows.map((r) => [r.document_id, r.content]));
  }

  async findIdempotencyKey(clientName: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.dataSource.manager.findOneBy(IdempotencyKeyEntity, { clientName, key });
    return row ? { clientName: row.clientName, key: row.key, requestHash: row.requestHash.trim(), processId: row.processId } : null;
  }

  async uncertainSendCandidates(name: string, from: Date, to: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM signing.signing_process
       WHERE status = 'SEND_UNCERTAIN' AND btrim(name) = btrim($1) AND COALESCE(send_attempted_at, created_at) BETWEEN $2 AND $3`,
      [name, from, to],
    );
    return rows.map((r) => r.id);
  }

  async linkedArqsignProcessIds(arqsignProcessIds: readonly string[]): Promise<string[]> {
    const ids = arqsignProcessIds.map((id) => id.toLowerCase()).filter((id) => UUID.test(id));
    if (!ids.length) return [];
    const rows: { id: string }[] = await this.dataSource.query('SELECT arqsign_process_id::text AS id FROM signing.signing_process WHERE arqsign_process_id = ANY($1::uuid[])', [ids]);
    return rows.map((r) => r.id);
  }

  async processIdsOfArqsign(arqsignProcessIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(arqsignProcessIds.map((id) => id.toLowerCase()).filter((id) => UUID.test(id)))];
    if (!ids.length) return new Map();
    const rows: { arqsign: string; id: string }[] = await this.dataSource.query('SELECT arqsign_process_id::text AS arqsign, id FROM signing.signing_process WHERE arqsign_process_id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((r) => [r.arqsign, r.id]));
  }

  /** Version-checked update of the process row, its signers and documents, plus new history. */
  private async update(manager: EntityManager, process: SigningProcess, cause?: ChangeCause): Promise<void> {
    const props = process.snapshot();
    const result = await manager
      .createQueryBuilder()
      .update(SigningProcessEntity)
      .set(row<SigningProcessEntity>(map.toProcessColumns(props) as SigningProcessEntity))
      .where('id = :id AND version = :version', { id: props.id, version: props.version })
      .execute();
    if (result.affected !== 1) throw new ConcurrentModificationError(props.id);
    await manager.upsert(SignerEntity, rows(map.toSignerRows(props)), ['id']);
    await manager.upsert(DocumentEntity, map.toDocumentRows(props), ['id']);
    await this.appendHistory(manager, process, props.version + 1, cause);
  }

  /**
   * New history rows and the change's durable `signing.process.changed` event
   * (docs/durable-events.md), both in the saving transaction.
   */
  private async appendHistory(manager: EntityManager, process: SigningProcess, savedVersion: number, cause?: ChangeCause): Promise<void> {
    const history = process.uncommittedHistory;
    if (!history.length) return;
    await manager.insert(HistoryEntity, rows(history.map(map.toHistoryRow) as HistoryEntity[]));
    const state = { ...process.snapshot(), version: savedVersion };
    await this.events.publish(manager, [processChangedEvent(state, history, cause ?? null)]);
  }

  private async insertKey(manager: EntityManager, record: IdempotencyRecord): Promise<void> {
    try {
      await manager.insert(IdempotencyKeyEntity, { clientName: record.clientName, key: record.key, requestHash: record.requestHash, processId: record.processId });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new IdempotencyKeyTakenError();
      throw error;
    }
  }

  /** Processes with their signers and documents, in one round trip (see ProcessReadQuery). */
  private async read(statement: { sql: string; params: unknown[] }): Promise<SigningProcess[]> {
    const raw: Record<string, unknown>[] = await this.dataSource.query(statement.sql, statement.params);
    return this.reads.toRows(raw).map((r) => SigningProcess.restoreOwned(map.toProps(r.process, r.signers, r.documents)));
  }

  private get reads(): ProcessReadQuery {
    return (this.readQuery ??= new ProcessReadQuery(this.dataSource));
  }

  private readQuery?: ProcessReadQuery;
}
