import { CheckRecord, DueProcess, DueQuery, SyncChecks } from '../sync-checks';

/** Sync checks in memory (unit tests): answers a given worklist (up to the limit) and keeps what is recorded and asked. */
export class InMemorySyncChecks extends SyncChecks {
  readonly checks: CheckRecord[] = [];
  readonly queries: DueQuery[] = [];

  constructor(private readonly worklist: DueProcess[] = []) {
    super();
  }

  async due(query: DueQuery): Promise<DueProcess[]> {
    this.queries.push(query);
    return this.worklist.slice(0, query.limit);
  }

  async record(check: CheckRecord): Promise<void> {
    this.checks.push(check);
  }
}
