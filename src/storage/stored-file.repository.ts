import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcessArchiveService } from '../signing-processes';
import { StoredFileEntity, StoredFileKind } from './stored-file.entity';

export type StoredFileSource = 'LINK' | 'BASE64' | 'API';

export interface StoredFile {
  id: string;
  processId: string;
  kind: StoredFileKind;
  documentOrder: number;
  arqsignDocumentId: string | null;
  fileName: string;
  storageKey: string;
  size: number;
  sha256: string;
  source: StoredFileSource;
  createdAt: Date;
}

/** Persistence port of archived files (the DI token). */
export abstract class StoredFileRepository {
  /** Every stored file of a process, by document order then kind (document before its record). */
  abstract listByProcess(processId: string): Promise<StoredFile[]>;

  abstract findById(processId: string, fileId: string): Promise<StoredFile | null>;

  abstract findOne(processId: string, kind: StoredFileKind, documentOrder: number): Promise<StoredFile | null>;

  /** Inserts unless (process, kind, order) is already stored; false when another run stored it first. */
  abstract insertIfAbsent(file: Omit<StoredFile, 'createdAt'>): Promise<boolean>;

  /**
   * Runs `work` while holding a per-process lock shared by every instance (PostgreSQL advisory
   * lock), or returns `{ locked: false }` at once when another run holds it.
   */
  abstract withProcessLock<T>(processId: string, work: () => Promise<T>): Promise<{ locked: true; result: T } | { locked: false }>;

  /**
   * Ids of COMPLETED processes whose archive is PENDING and unchanged since `before` (read-only sweep):
   * asked of the signing-processes facade, which owns the processes' table.
   */
  abstract pendingArchives(before: Date, limit: number): Promise<string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TypeOrmStoredFileRepository extends StoredFileRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ProcessArchiveService) private readonly processes: Pick<ProcessArchiveService, 'pendingArchives'>,
  ) {
    super();
  }

  async listByProcess(processId: string): Promise<StoredFile[]> {
    if (!UUID.test(processId)) return [];
    const rows = await this.dataSource.manager.find(StoredFileEntity, { where: { processId }, order: { documentOrder: 'ASC', kind: 'DESC' } });
    return rows.map(toStoredFile);
  }

  async findById(processId: string, fileId: string): Promise<StoredFile | null> {
    if (!UUID.test(processId) || !UUID.test(fileId)) return null;
    const row = await this.dataSource.manager.findOneBy(StoredFileEntity, { id: fileId, processId });
    return row ? toStoredFile(row) : null;
  }

  async findOne(processId: string, kind: StoredFileKind, documentOrder: number): Promise<StoredFile | null> {
    const row = await this.dataSource.manager.findOneBy(StoredFileEntity, { processId, kind, documentOrder });
    return row ? toStoredFile(row) : null;
  }

  async insertIfAbsent(file: Omit<StoredFile, 'createdAt'>): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(StoredFileEntity)
      .values(file)
      .orIgnore() // ON CONFLICT DO NOTHING
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async withProcessLock<T>(processId: string, work: () => Promise<T>): Promise<{ locked: true; result: T } | { locked: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const key = `signing.archive:${processId}`;
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key])) as { locked: boolean }[];
      if (!locked) return { locked: false };
      try {
        return { locked: true, result: await work() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  pendingArchives(before: Date, limit: number): Promise<string[]> {
    return this.processes.pendingArchives(before, limit);
  }
}

function toStoredFile(row: StoredFileEntity): StoredFile {
  return {
    id: row.id,
    processId: row.processId,
    kind: row.kind,
    documentOrder: row.documentOrder,
    arqsignDocumentId: row.arqsignDocumentId,
    fileName: row.fileName,
    storageKey: row.storageKey,
    size: Number(row.size),
    sha256: row.sha256.trim(),
    source: row.source as StoredFileSource,
    createdAt: row.createdAt,
  };
}
