import type { HistoryEntry } from '../../domain/history-entry';
import { SigningProcess } from '../../domain/signing-process';
import type { SigningProcessProps } from '../../domain/signing-process.props';
import {
  ConcurrentModificationError,
  IdempotencyKeyTakenError,
  IdempotencyRecord,
  InsertOptions,
  ProcessListFilter,
  SigningProcessRepository,
} from '../signing-process.repository';

/** The repository port in memory, with the same version check and all-or-nothing writes. */
export class InMemorySigningProcessRepository extends SigningProcessRepository {
  readonly rows = new Map<string, SigningProcessProps>();
  readonly historyRows: HistoryEntry[] = [];
  readonly contents = new Map<string, Map<string, Buffer>>();
  readonly keys = new Map<string, IdempotencyRecord>();

  async insert(process: SigningProcess, contents: ReadonlyMap<string, Buffer>, options?: InsertOptions): Promise<void> {
    const keyId = options?.idempotency && `${options.idempotency.clientName}|${options.idempotency.key}`;
    if (keyId && this.keys.has(keyId)) throw new IdempotencyKeyTakenError();
    if (options?.restartedFrom) this.checkVersion(options.restartedFrom);
    this.rows.set(process.id, process.snapshot());
    this.contents.set(process.id, new Map(contents));
    this.commit(process, 0);
    if (keyId) this.keys.set(keyId, { ...options!.idempotency! });
    if (options?.restartedFrom) this.store(options.restartedFrom);
  }

  async save(process: SigningProcess): Promise<void> {
    this.checkVersion(process);
    this.store(process);
  }

  async findById(id: string, clientName?: string): Promise<SigningProcess | null> {
    const row = this.rows.get(id);
    return row && (!clientName || row.clientName === clientName) ? SigningProcess.restore(row) : null;
  }

  async findByArqsignProcessId(arqsignProcessId: string): Promise<SigningProcess | null> {
    const row = [...this.rows.values()].find((r) => r.arqsignProcessId === arqsignProcessId.toLowerCase());
    return row ? SigningProcess.restore(row) : null;
  }

  async list(filter: ProcessListFilter): Promise<{ items: SigningProcess[]; hasMore: boolean }> {
    const rows = [...this.rows.values()]
      .filter((r) => r.clientName === filter.clientName)
      .filter((r) => !filter.statuses?.length || filter.statuses.includes(r.status))
      .filter((r) => !filter.externalId || r.externalId === filter.externalId)
      .filter((r) => !filter.createdFrom || r.createdAt >= filter.createdFrom)
      .filter((r) => !filter.createdTo || r.createdAt < filter.createdTo)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .filter((r) => !filter.after || r.createdAt < filter.after.createdAt || (r.createdAt.getTime() === filter.after.createdAt.getTime() && r.id < filter.after.id));
    return { items: rows.slice(0, filter.limit).map((r) => SigningProcess.restore(r)), hasMore: rows.length > filter.limit };
  }

  async uncertainSendCandidates(name: string, from: Date, to: Date): Promise<string[]> {
    return [...this.rows.values()]
      .filter((r) => r.status === 'SEND_UNCERTAIN' && r.name.trim() === name.trim())
      .filter((r) => {
        const at = (r.sendAttemptedAt ?? r.createdAt).getTime();
        return at >= from.getTime() && at <= to.getTime();
      })
      .map((r) => r.id);
  }

  async linkedArqsignProcessIds(arqsignProcessIds: readonly string[]): Promise<string[]> {
    const linked = new Set([...this.rows.values()].flatMap((r) => r.arqsignProcessId ?? []));
    return arqsignProcessIds.map((id) => id.toLowerCase()).filter((id) => linked.has(id));
  }

  async processIdsOfArqsign(arqsignProcessIds: readonly string[]): Promise<Map<string, string>> {
    const wanted = new Set(arqsignProcessIds.map((id) => id.toLowerCase()));
    return new Map([...this.rows.values()].flatMap((r) => (r.arqsignProcessId && wanted.has(r.arqsignProcessId) ? [[r.arqsignProcessId, r.id] as [string, string]] : [])));
  }

  async history(processId: string): Promise<HistoryEntry[]> {
    return this.historyRows.filter((h) => h.processId === processId);
  }

  async documentContents(processId: string): Promise<Map<string, Buffer>> {
    return new Map(this.contents.get(processId));
  }

  async findIdempotencyKey(clientName: string, key: string): Promise<IdempotencyRecord | null> {
    return this.keys.get(`${clientName}|${key}`) ?? null;
  }

  private checkVersion(process: SigningProcess): void {
    if (this.rows.get(process.id)?.version !== process.version) throw new ConcurrentModificationError(process.id);
  }

  private store(process: SigningProcess): void {
    const version = process.version + 1;
    this.rows.set(process.id, { ...process.snapshot(), version });
    this.commit(process, version);
  }

  private commit(process: SigningProcess, version: number): void {
    this.historyRows.push(...structuredClone([...process.uncommittedHistory]));
    process.markSaved(version);
  }
}
