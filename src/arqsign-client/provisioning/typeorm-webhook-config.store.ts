import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WebhookConfigEntity } from './webhook-config.entity';
import { acceptedSecrets, mergeRecord, StoredWebhookConfig, WebhookConfigRecord, WebhookConfigStore } from './webhook-config.store';
import type { WebhookKind } from './webhook-definitions';
import { WebhookProvisioningBusyError } from './webhook-provisioning.errors';

/** How long `hmacSecrets()` answers from memory. Bounds staleness when another instance provisions. */
const SECRETS_TTL_MS = 30_000;
/** Session-level advisory lock key of webhook provisioning (any fixed bigint). */
const PROVISIONING_LOCK_KEY = '4718550311204593';
const LOCK_POLL_MS = 200;

/** WebhookConfigStore on PostgreSQL (`signing.arqsign_webhook_config`). */
@Injectable()
export class TypeOrmWebhookConfigStore extends WebhookConfigStore {
  private cache?: { secrets: string[]; until: number };
  private loading?: Promise<string[]>;
  /** Bumped by every save, so a read that started before it never repopulates the cache. */
  private generation = 0;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async hmacSecrets(options?: { refresh?: boolean }): Promise<string[]> {
    const now = Date.now();
    if (!options?.refresh && this.cache && this.cache.until > now) return [...this.cache.secrets];
    if (!options?.refresh && this.loading) return [...(await this.loading)];
    const generation = this.generation;
    const loading = this.findAll().then((configs) => acceptedSecrets(configs, new Date()));
    this.loading = loading;
    try {
      const secrets = await loading;
      if (generation === this.generation) this.cache = { secrets, until: Date.now() + SECRETS_TTL_MS };
      return [...secrets];
    } finally {
      if (this.loading === loading) this.loading = undefined;
    }
  }

  async findAll(): Promise<StoredWebhookConfig[]> {
    const rows = await this.dataSource.manager.find(WebhookConfigEntity, { order: { kind: 'ASC' } });
    return rows.map(toStored);
  }

  async save(record: WebhookConfigRecord): Promise<StoredWebhookConfig> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const existing = await manager.findOne(WebhookConfigEntity, { where: { kind: record.kind }, lock: { mode: 'pessimistic_write' } });
        const merged = mergeRecord(existing ? toStored(existing) : undefined, record);
        const columns = {
          name: merged.name,
          arqsignId: merged.arqsignId,
          url: merged.url,
          hmacSecret: merged.hmacSecret,
          previousHmacSecret: merged.previousHmacSecret,
          previousSecretUntil: merged.previousSecretUntil,
          lastProvisionedAt: merged.lastProvisionedAt,
          updatedAt: record.provisionedAt,
        };
        if (existing) await manager.update(WebhookConfigEntity, { id: existing.id }, columns);
        else await manager.insert(WebhookConfigEntity, { id: randomUUID(), kind: record.kind, createdAt: record.provisionedAt, ...columns });
        return merged;
      });
    } finally {
      // This instance sees new secrets at once.
      this.generation += 1;
      this.cache = undefined;
      this.loading = undefined;
    }
  }

  async withProvisioningLock<T>(work: () => Promise<T>, waitMs: number): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const started = Date.now();
      for (;;) {
        const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [PROVISIONING_LOCK_KEY])) as { locked: boolean }[];
        if (locked) break;
        if (Date.now() - started >= waitMs) throw new WebhookProvisioningBusyError(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      }
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1::bigint)', [PROVISIONING_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}

function toStored(row: WebhookConfigEntity): StoredWebhookConfig {
  return {
    kind: row.kind as WebhookKind,
    name: row.name,
    arqsignId: row.arqsignId,
    url: row.url,
    hmacSecret: row.hmacSecret,
    previousHmacSecret: row.previousHmacSecret,
    previousSecretUntil: row.previousSecretUntil,
    lastProvisionedAt: row.lastProvisionedAt,
  };
}
