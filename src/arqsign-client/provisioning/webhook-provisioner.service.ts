import { Inject, Injectable } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { ArqsignUncertainError, ArqsignValidationError } from '../arqsign-client.errors';
import { ArqsignClient } from '../arqsign-client.port';
import type { WebhookConfig } from '../arqsign.types';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { locateConfig, WebhookConfigReport, WebhookConfigStatusService, WebhookStatusReport } from './webhook-config-status.service';
import { StoredWebhookConfig, WebhookConfigStore } from './webhook-config.store';
import { sameName, sameUrl, WEBHOOK_KINDS, WebhookDefinition, WebhookKind } from './webhook-definitions';
import { UrlMismatch, WebhookUrlMismatchError } from './webhook-provisioning.errors';

/**
 * What provisioning did to a configuration:
 * - CREATED: it did not exist; created (its secret comes with the answer)
 * - ADOPTED: it existed (created earlier, by another instance, or by hand) and is now ours
 * - REACTIVATED: it was inactive, inactive by failures, or had inactive triggers; activated again
 * - UNCHANGED: already active, with its secret stored
 * - URL_MISMATCH: it has our name but points elsewhere; left alone (see WebhookUrlMismatchError)
 */
export type ProvisionAction = 'CREATED' | 'ADOPTED' | 'REACTIVATED' | 'UNCHANGED' | 'URL_MISMATCH';

export interface ProvisionedConfigReport extends WebhookConfigReport {
  action: ProvisionAction;
  /** Our earlier configuration of this kind (other URL) that was deactivated because this one replaces it. */
  supersededArqsignId: string | null;
}

export interface ProvisionReport extends WebhookStatusReport {
  configurations: ProvisionedConfigReport[];
}

interface Outcome {
  action: ProvisionAction;
  supersededArqsignId: string | null;
  mismatch?: UrlMismatch;
}

/**
 * Creates or finds, by name, the tracking and conclusion configurations in ArqSIGN pointing at
 * `PUBLIC_BASE_URL/webhooks/arqsign`, re-activates them when ArqSIGN (or someone) deactivated
 * them or one of their triggers, and stores their ids and HMAC secrets. Idempotent; serialized
 * across instances by a database lock. Never depends on the receiver answering.
 */
@Injectable()
export class WebhookProvisioner {
  private readonly logger = new SigningLogger('ArqsignWebhooks');

  constructor(
    @Inject(ArqsignClient) private readonly client: ArqsignClient,
    private readonly store: WebhookConfigStore,
    private readonly status: WebhookConfigStatusService,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
  ) {}

  async provision(): Promise<ProvisionReport> {
    const waitMs = Math.max(10_000, 2 * this.options.arqsign.timeoutMs);
    const outcomes = await this.store.withProvisioningLock(() => this.provisionLocked(), waitMs);
    const state = await this.status.check();
    const configurations = state.configurations.map((config) => ({ ...config, ...pick(outcomes[config.kind]) }));
    for (const config of configurations) {
      this.logger.log(
        { kind: config.kind, name: config.name, arqsignId: config.arqsignId, url: config.url, action: config.action, status: config.status, secretKnown: config.secretKnown },
        `ArqSIGN webhook configuration "${config.name}" (${config.kind}): ${config.action.toLowerCase().replace('_', ' ')}, ${config.status.toLowerCase().replace(/_/g, ' ')}`,
      );
    }
    const mismatches = WEBHOOK_KINDS.flatMap((kind) => outcomes[kind].mismatch ?? []);
    if (mismatches.length) throw new WebhookUrlMismatchError(mismatches, configurations.map(withoutDates));
    return { ...state, configurations };
  }

  private async provisionLocked(): Promise<Record<WebhookKind, Outcome>> {
    const definitions = this.status.definitions();
    const stored = await this.store.findAll();
    let list = await this.client.listWebhookConfigs();
    const outcomes = {} as Record<WebhookKind, Outcome>;
    for (const kind of WEBHOOK_KINDS) {
      const result = await this.provisionOne(definitions[kind], list, stored.find((s) => s.kind === kind));
      outcomes[kind] = result.outcome;
      list = result.list;
    }
    return outcomes;
  }

  private async provisionOne(
    definition: WebhookDefinition,
    list: WebhookConfig[],
    stored: StoredWebhookConfig | undefined,
  ): Promise<{ outcome: Outcome; list: WebhookConfig[] }> {
    const now = new Date();
    let found = locateConfig(definition, list, stored);
    let action: ProvisionAction;
    let secret: string | null;

    if (!found) {
      const created = await this.create(definition);
      if ('created' in created) {
        action = 'CREATED';
        const id = created.created.id.toLowerCase();
        secret = created.created.hmacSecret;
        const superseded = await this.supersede(stored, id, list);
        await this.store.save({ kind: definition.kind, name: definition.name, arqsignId: id, url: definition.url, hmacSecret: secret, provisionedAt: now });
        return { outcome: { action, supersededArqsignId: superseded }, list };
      }
      found = created.found; // another instance (or a person) created it meanwhile
      list = created.list;
    }

    if (!sameUrl(found.url, definition.url)) {
      const mismatch = { kind: definition.kind, name: found.name ?? definition.name, arqsignId: found.id.toLowerCase(), url: found.url, expectedUrl: definition.url };
      return { outcome: { action: 'URL_MISMATCH', supersededArqsignId: null, mismatch }, list };
    }

    const id = found.id.toLowerCase();
    const deactivated = found.status !== 'ACTIVE' || found.triggers.some((t) => t.active === false);
    if (deactivated) {
      // Activating resets the triggers' attempt counters and re-activates them (docs/arqsign.md#activate-or-deactivate-a-configuration).
      await this.client.changeWebhookConfigStatus(id, 1);
      action = 'REACTIVATED';
    } else {
      action = stored?.arqsignId.toLowerCase() === id && stored.hmacSecret ? 'UNCHANGED' : 'ADOPTED';
    }
    secret = found.hmacSecret; // the list carries the secret (docs/arqsign.md#list-configurations); null keeps a stored one
    const superseded = await this.supersede(stored, id, list);
    await this.store.save({ kind: definition.kind, name: found.name ?? definition.name, arqsignId: id, url: definition.url, hmacSecret: secret, provisionedAt: now });
    return { outcome: { action, supersededArqsignId: superseded }, list };
  }

  /**
   * Creates the configuration. When the create fails in a way that may mean it exists after all
   * (duplicate name from a concurrent creator, or an uncertain outcome), lists again and adopts it.
   */
  private async create(definition: WebhookDefinition): Promise<{ created: { id: string; hmacSecret: string | null } } | { found: WebhookConfig; list: WebhookConfig[] }> {
    try {
      const created = await this.client.createWebhookConfig(definition.request);
      if (created.hmacSecret) return { created };
      // No secret in the answer: the list carries it.
      const list = await this.client.listWebhookConfigs();
      const found = list.find((config) => config.id.toLowerCase() === created.id.toLowerCase());
      return { created: { id: created.id, hmacSecret: found?.hmacSecret ?? null } };
    } catch (error) {
      if (!(error instanceof ArqsignValidationError || error instanceof ArqsignUncertainError)) throw error;
      const list = await this.client.listWebhookConfigs();
      const found = list.find((config) => sameName(config.name, definition.name));
      if (!found) throw error;
      return { found, list };
    }
  }

  /**
   * Our earlier configuration of this kind, when replaced by another one (PUBLIC_BASE_URL changed,
   * so the name changed too), is deactivated so ArqSIGN stops delivering to the old URL.
   */
  private async supersede(stored: StoredWebhookConfig | undefined, newId: string, list: WebhookConfig[]): Promise<string | null> {
    if (!stored || stored.arqsignId.toLowerCase() === newId) return null;
    const old = list.find((config) => config.id.toLowerCase() === stored.arqsignId.toLowerCase());
    if (old && old.status === 'ACTIVE') {
      await this.client.changeWebhookConfigStatus(old.id, 2);
      this.logger.log({ arqsignId: old.id, name: old.name, url: old.url }, `ArqSIGN webhook configuration "${old.name}" deactivated: replaced by ${newId}`);
    }
    return stored.arqsignId.toLowerCase();
  }
}

function pick(outcome: Outcome): Pick<ProvisionedConfigReport, 'action' | 'supersededArqsignId'> {
  return { action: outcome.action, supersededArqsignId: outcome.supersededArqsignId };
}

function withoutDates(config: ProvisionedConfigReport) {
  return { ...config, lastProvisionedAt: config.lastProvisionedAt?.toISOString() ?? null };
}
