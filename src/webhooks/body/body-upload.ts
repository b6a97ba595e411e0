import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * One large webhook body being written to `signing.webhook_body_chunk` (docs/large-bodies.md),
 * inside ONE transaction on its own connection: the chunks and, at the end, the inbox row commit
 * together or not at all. A bad signature, an aborted request or a crash before the commit leaves
 * nothing behind. The chunks' foreign key to the inbox row is checked at commit, so they may be
 * written before the row they belong to.
 */
export class BodyUpload {
  /** The inbox row's id, chosen now (the chunks carry it). */
  readonly deliveryId = randomUUID();
  private seq = 0;
  private offset = 0;
  private state: 'open' | 'committed' | 'aborted' = 'open';

  private constructor(
    private readonly runner: QueryRunner,
    private readonly onClose: () => void,
  ) {}

  /** Opens the transaction; `onClose` runs once when it is committed or rolled back. */
  static async begin(dataSource: DataSource, onClose: () => void = () => undefined): Promise<BodyUpload> {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
    return new BodyUpload(runner, onClose);
  }

  get manager(): EntityManager {
    return this.runner.manager;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Appends the next piece of the (masked) body. */
  async write(piece: Buffer): Promise<void> {
    if (this.state !== 'open') throw new Error('the body upload is closed');
    const seq = this.seq++;
    const offset = this.offset;
    this.offset += piece.length;
    await this.runner.query('INSERT INTO signing.webhook_body_chunk (delivery_id, seq, byte_offset, data) VALUES ($1, $2, $3, $4)', [this.deliveryId, seq, offset, piece]);
  }

  /** Runs `work` so that its failure undoes only its own statements (a savepoint), not the chunks. */
  async attempt<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    await this.runner.query('SAVEPOINT store_delivery');
    try {
      const result = await work(this.runner.manager);
      await this.runner.query('RELEASE SAVEPOINT store_delivery');
      return result;
    } catch (error) {
      await this.runner.query('ROLLBACK TO SAVEPOINT store_delivery').catch(() => undefined);
      throw error;
    }
  }

  async commit(): Promise<void> {
    if (this.state !== 'open') throw new Error('the body upload is closed');
    try {
      await this.runner.commitTransaction();
      this.state = 'committed';
    } finally {
      if (this.state !== 'committed') await this.abort();
      else await this.release();
    }
  }

  /** Rolls back whatever was written (no-op once committed or aborted). */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    try {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } catch {
      // the connection is gone: PostgreSQL rolled the transaction back itself
    } finally {
      await this.release();
    }
  }

  private async release(): Promise<void> {
    await this.runner.release().catch(() => undefined);
    this.onClose();
  }
}
