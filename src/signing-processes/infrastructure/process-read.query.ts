import type { DataSource, EntityMetadata } from 'typeorm';
import type { ProcessListFilter } from '../application/signing-process.repository';
import { DocumentEntity, SignerEntity, SigningProcessEntity } from './entities';

/** A process row with its signers and documents, as entities (what the mapper takes). */
export interface ProcessRows {
  process: SigningProcessEntity;
  signers: SignerEntity[];
  documents: DocumentEntity[];
}

interface Statement {
  sql: string;
  params: unknown[];
}

const quote = (name: string) => `"${name}"`;

/**
 * Reads processes with their signers and documents in ONE statement (the children aggregated as
 * JSON per process), in plain SQL: no query builder, no entity hydration on the read paths
 * (plans and figures: bench/README.md, "Query plans"). Column lists come from the entities'
 * metadata, so they follow the entities.
 */
export class ProcessReadQuery {
  private readonly processColumns: string;
  private readonly signers: string;
  private readonly documents: string;
  private readonly signerDates: string[];
  private readonly documentDates: string[];

  constructor(dataSource: DataSource) {
    const process = dataSource.getMetadata(SigningProcessEntity);
    const signer = dataSource.getMetadata(SignerEntity);
    const document = dataSource.getMetadata(DocumentEntity);
    this.processColumns = process.columns.map((c) => `p.${quote(c.databaseName)} AS ${quote(c.propertyName)}`).join(', ');
    this.signers = children(signer, 's');
    this.documents = children(document, 'd');
    this.signerDates = timestamps(signer);
    this.documentDates = timestamps(document);
  }

  /** By id (and client, when given). */
  byId(id: string, clientName?: string): Statement {
    return clientName
      ? this.withChildren('SELECT * FROM signing.signing_process WHERE id = $1 AND client_name = $2', [id, clientName])
      : this.withChildren('SELECT * FROM signing.signing_process WHERE id = $1', [id]);
  }

  byArqsignProcessId(arqsignProcessId: string): Statement {
    return this.withChildren('SELECT * FROM signing.signing_process WHERE arqsign_process_id = $1', [arqsignProcessId]);
  }

  /**
   * A page, newest first, `limit + 1` rows. With several statuses, one branch per status, each a
   * backward scan of `(client_name, status, created_at, id)` stopping after `limit + 1` rows,
   * merged: `status IN (…)` cannot read that index in `created_at` order.
   */
  page(filter: ProcessListFilter): Statement {
    const params: unknown[] = [filter.clientName];
    const param = (value: unknown) => `$${params.push(value)}`;
    const common = ['client_name = $1'];
    if (filter.externalId !== undefined) common.push(`external_id = ${param(filter.externalId)}`);
    if (filter.createdFrom) common.push(`created_at >= ${param(filter.createdFrom)}`);
    if (filter.createdTo) common.push(`created_at < ${param(filter.createdTo)}`);
    if (filter.after) common.push(`(created_at, id) < (${param(filter.after.createdAt)}, ${param(filter.after.id)})`);
    const newest = `ORDER BY created_at DESC, id DESC LIMIT ${param(filter.limit + 1)}`;
    const branch = (status?: string) =>
      `SELECT * FROM signing.signing_process WHERE ${[...common, ...(status === undefined ? [] : [`status = ${param(status)}`])].join(' AND ')} ${newest}`;
    const statuses = [...new Set(filter.statuses ?? [])];
    const rows =
      statuses.length === 0 ? branch() : statuses.length === 1 ? branch(statuses[0]) : `${statuses.map((s) => `(${branch(s)})`).join(' UNION ALL ')} ${newest}`;
    return this.withChildren(rows, params);
  }

  /** The rows a statement of `withChildren` returned, as entities. */
  toRows(raw: Record<string, unknown>[]): ProcessRows[] {
    return raw.map(({ signers, documents, ...process }) => ({
      process: process as unknown as SigningProcessEntity,
      signers: (signers as Record<string, unknown>[]).map((s) => withDates(s, this.signerDates) as unknown as SignerEntity),
      documents: (documents as Record<string, unknown>[]).map((d) => withDates(d, this.documentDates) as unknown as DocumentEntity),
    }));
  }

  /** `rows` (a SELECT * of signing_process), each with its signers and documents, newest first. */
  private withChildren(rows: string, params: unknown[]): Statement {
    return {
      sql: `SELECT ${this.processColumns},
        (SELECT COALESCE(json_agg(${this.signers}), '[]') FROM signing.signing_process_signer s WHERE s.process_id = p.id) AS "signers",
        (SELECT COALESCE(json_agg(${this.documents}), '[]') FROM signing.signing_process_document d WHERE d.process_id = p.id) AS "documents"
      FROM (${rows}) p
      ORDER BY p.created_at DESC, p.id DESC`,
      params,
    };
  }
}

/** `json_build_object('prop', alias.column, …)`; timestamps as UTC without offset (read back by `withDates`). */
function children(meta: EntityMetadata, alias: string): string {
  const fields = meta.columns.map((c) => {
    const column = `${alias}.${quote(c.databaseName)}`;
    return `'${c.propertyName}', ${c.type === 'timestamptz' ? `${column} AT TIME ZONE 'UTC'` : column}`;
  });
  return `json_build_object(${fields.join(', ')})`;
}

const timestamps = (meta: EntityMetadata) => meta.columns.filter((c) => c.type === 'timestamptz').map((c) => c.propertyName);

function withDates(row: Record<string, unknown>, properties: string[]): Record<string, unknown> {
  for (const property of properties) {
    const value = row[property];
    if (typeof value === 'string') row[property] = new Date(`${value}Z`);
  }
  return row;
}
