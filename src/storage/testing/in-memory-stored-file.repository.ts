import type { StoredFileKind } from '../stored-file.entity';
import { StoredFile, StoredFileRepository } from '../stored-file.repository';

export class InMemoryStoredFileRepository extends StoredFileRepository {
  readonly rows: StoredFile[] = [];
  readonly locked = new Set<string>();
  pending: string[] = [];

  async listByProcess(processId: string): Promise<StoredFile[]> {
    return this.rows.filter((r) => r.processId === processId).sort((a, b) => a.documentOrder - b.documentOrder || b.kind.localeCompare(a.kind));
  }

  async findById(processId: string, fileId: string): Promise<StoredFile | null> {
    return this.rows.find((r) => r.processId === processId && r.id === fileId) ?? null;
  }

  async findOne(processId: string, kind: StoredFileKind, documentOrder: number): Promise<StoredFile | null> {
    return this.rows.find((r) => r.processId === processId && r.kind === kind && r.documentOrder === documentOrder) ?? null;
  }

  async insertIfAbsent(file: Omit<StoredFile, 'createdAt'>): Promise<boolean> {
    if (await this.findOne(file.processId, file.kind, file.documentOrder)) return false;
    this.rows.push({ ...file, createdAt: new Date() });
    return true;
  }

  async withProcessLock<T>(processId: string, work: () => Promise<T>): Promise<{ locked: true; result: T } | { locked: false }> {
    if (this.locked.has(processId)) return { locked: false };
    this.locked.add(processId);
    try {
      return { locked: true, result: await work() };
    } finally {
      this.locked.delete(processId);
    }
  }

  async pendingArchives(): Promise<string[]> {
    return this.pending;
  }
}
