import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** COMPLETED processes whose archive is still PENDING: the archive's recovery sweep reads them (read-only). */
@Injectable()
export class PendingArchivesQuery {
  constructor(private readonly dataSource: DataSource) {}

  /** Ids of those unchanged since `before`, oldest change first. */
  async list(before: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM signing.signing_process WHERE status = 'COMPLETED' AND archive_status = 'PENDING' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [before, limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
