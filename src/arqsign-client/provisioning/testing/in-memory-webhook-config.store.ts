import { acceptedSecrets, mergeRecord, StoredWebhookConfig, WebhookConfigRecord, WebhookConfigStore } from '../webhook-config.store';

/** WebhookConfigStore in memory, for unit tests. */
export class InMemoryWebhookConfigStore extends WebhookConfigStore {
  readonly rows = new Map<string, StoredWebhookConfig>();
  locks = 0;

  async hmacSecrets(): Promise<string[]> {
    return acceptedSecrets([...this.rows.values()], new Date());
  }

  async findAll(): Promise<StoredWebhookConfig[]> {
    return [...this.rows.values()].map((row) => ({ ...row }));
  }

  async save(record: WebhookConfigRecord): Promise<StoredWebhookConfig> {
    const merged = mergeRecord(this.rows.get(record.kind), record);
    this.rows.set(record.kind, merged);
    return { ...merged };
  }

  async withProvisioningLock<T>(work: () => Promise<T>): Promise<T> {
    this.locks += 1;
    return work();
  }
}
