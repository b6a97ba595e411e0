import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { claimLease, releaseLease } from '../jobs/cluster-lease';
import { ReconciliationRepository } from './reconciliation.repository';

/** The reconciliation port on PostgreSQL: the lease rows of the jobs kernel (`signing.scheduled_task`). */
@Injectable()
export class PostgresReconciliationRepository extends ReconciliationRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  claimRun(task: string, owner: string, intervalS: number, leaseMs: number): Promise<boolean> {
    return claimLease(this.dataSource, task, owner, intervalS, leaseMs);
  }

  finishRun(task: string, owner: string, outcome: Record<string, unknown>): Promise<void> {
    return releaseLease(this.dataSource, task, owner, outcome);
  }
}
