import { Inject, Injectable } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { Gauge, Registry } from 'prom-client';
import { MetricsService } from '../../observability/metrics.service';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { ArqsignClient } from '../arqsign-client.port';
import type { WebhookConfig } from '../arqsign.types';
import { StoredWebhookConfig, WebhookConfigStore } from './webhook-config.store';
import { definitionDifferences, sameName, sameUrl, WEBHOOK_KINDS, WebhookDefinition, webhookDefinitions, WebhookKind } from './webhook-definitions';

/** A configuration's state in ArqSIGN; MISSING = not found there. */
export type WebhookConfigState = 'ACTIVE' | 'INACTIVE' | 'INACTIVE_BY_FAILURES' | 'MISSING' | 'UNKNOWN';

export interface WebhookTriggerState {
  id: number;
  name: string | null;
  /** false = ArqSIGN inactivated it after 14 failed attempts (docs/arqsign.md#delivery-retries-and-deactivation). */
  active: boolean;
}

/** One configuration as ArqSIGN reports it, compared with what we expect. No secret in here. */
export interface WebhookConfigReport {
  kind: WebhookKind;
  /** Its name in ArqSIGN, or the name we look for when it is missing. */
  name: string;
  arqsignId: string | null;
  /** `urlPublicar` in ArqSIGN. */
  url: string | null;
  expectedUrl: string;
  urlMatches: boolean;
  status: WebhookConfigState;
  /** ArqSIGN's numeric status (1 Ativo, 2 Inativo, 3 Inativo por falhas). */
  statusId: number | null;
  triggers: WebhookTriggerState[];
  inactiveTriggers: number[];
  waitForResponse: boolean | null;
  returnData: WebhookConfig['returnData'];
  /** We hold the HMAC secret ArqSIGN signs this configuration's deliveries with. */
  secretKnown: boolean;
  lastProvisionedAt: Date | null;
  /** Active, every trigger active, our URL, secret known, definition as expected. */
  healthy: boolean;
  /** Why it is not healthy, and what to do; empty when healthy. */
  problems: string[];
}

export interface WebhookStatusReport {
  checkedAt: Date;
  healthy: boolean;
  configurations: WebhookConfigReport[];
}

const STATE_BY_STATUS: Record<string, WebhookConfigState> = {
  ACTIVE: 'ACTIVE',
  INACTIVE: 'INACTIVE',
  INACTIVE_BY_FAILURES: 'INACTIVE_BY_FAILURES',
  UNKNOWN: 'UNKNOWN',
};

/**
 * Finds the configuration of a definition among ArqSIGN's: by name, else the one we stored if it
 * still points at our URL (renamed in ArqSIGN's web app). A stored one pointing elsewhere is not
 * ours any more (PUBLIC_BASE_URL changed): provisioning creates a new one.
 */
export function locateConfig(definition: WebhookDefinition, list: WebhookConfig[], stored?: StoredWebhookConfig): WebhookConfig | undefined {
  const byName = list.find((config) => sameName(config.name, definition.name));
  if (byName) return byName;
  if (!stored) return undefined;
  const byId = list.find((config) => config.id.toLowerCase() === stored.arqsignId.toLowerCase());
  return byId && sameUrl(byId.url, definition.url) ? byId : undefined;
}

/** Compares ArqSIGN's configurations with our definitions and what we stored. Pure. */
export function assessWebhookConfigs(
  definitions: Record<WebhookKind, WebhookDefinition>,
  list: WebhookConfig[],
  stored: StoredWebhookConfig[],
  checkedAt: Date,
): WebhookStatusReport {
  const configurations = WEBHOOK_KINDS.map((kind) => assessOne(definitions[kind], list, stored.find((s) => s.kind === kind)));
  return { checkedAt, healthy: configurations.every((c) => c.healthy), configurations };
}

function assessOne(definition: WebhookDefinition, list: WebhookConfig[], stored: StoredWebhookConfig | undefined): WebhookConfigReport {
  const found = locateConfig(definition, list, stored);
  const lastProvisionedAt = stored?.lastProvisionedAt ?? null;
  if (!found) {
    return {
      kind: definition.kind,
      name: definition.name,
      arqsignId: null,
      url: null,
      expectedUrl: definition.url,
      urlMatches: false,
      status: 'MISSING',
      statusId: null,
      triggers: [],
      inactiveTriggers: [],
      waitForResponse: null,
      returnData: null,
      secretKnown: false,
      lastProvisionedAt,
      healthy: false,
      problems: [`No configuration named "${definition.name}" in ArqSIGN: provision it (POST /v1/admin/arqsign/webhooks/provision)`],
    };
  }

  const problems: string[] = [];
  const status = STATE_BY_STATUS[found.status] ?? 'UNKNOWN';
  if (status === 'INACTIVE') problems.push('Inactive in ArqSIGN (deactivated by an operator or through the API): provisioning re-activates it');
  if (status === 'INACTIVE_BY_FAILURES') {
    problems.push('Inactive by failures: ArqSIGN deactivated it after the listener answered 401, 403 or 404; check the receiver, then provision to re-activate it');
  }
  if (status === 'UNKNOWN') problems.push(`ArqSIGN reported an unknown status (${found.statusId ?? 'none'}): provisioning re-activates it`);

  const triggers = found.triggers
    .filter((t): t is typeof t & { id: number } => t.id !== null)
    .map((t) => ({ id: t.id, name: t.name, active: t.active !== false }));
  const inactiveTriggers = triggers.filter((t) => !t.active).map((t) => t.id);
  if (inactiveTriggers.length) {
    problems.push(`Trigger(s) ${inactiveTriggers.join(', ')} inactive after recurring delivery failures (14 attempts over 5 days): provisioning re-activates them`);
  }

  const urlMatches = sameUrl(found.url, definition.url);
  if (!urlMatches) {
    problems.push(`Points at ${found.url ?? 'no URL'}, expected ${definition.url}: correct it in ArqSIGN's web app (the API cannot change it)`);
  }

  const ours = stored !== undefined && stored.arqsignId.toLowerCase() === found.id.toLowerCase();
  const secretKnown = ours && stored.hmacSecret !== null && (found.hmacSecret === null || found.hmacSecret === stored.hmacSecret);
  if (!secretKnown && urlMatches) {
    // (A configuration pointing elsewhere is not ours: its secret is beside the point.)
    if (ours && stored.hmacSecret && found.hmacSecret) problems.push('Its HMAC secret changed in ArqSIGN (regenerated in the web app?): provision to store the new one');
    else if (found.hmacSecret) problems.push('Its HMAC secret is not stored, so its deliveries would be rejected: provision to store it');
    else problems.push("Its HMAC secret is not stored and ArqSIGN does not reveal it: add the key shown in ArqSIGN's web app to ARQSIGN_WEBHOOK_SECRETS");
  }

  for (const difference of definitionDifferences(found, definition)) {
    problems.push(`Differs from the expected definition: ${difference}; fix it in ArqSIGN's web app (the API cannot change it)`);
  }

  return {
    kind: definition.kind,
    name: found.name ?? definition.name,
    arqsignId: found.id.toLowerCase(),
    url: found.url,
    expectedUrl: definition.url,
    urlMatches,
    status,
    statusId: found.statusId,
    triggers,
    inactiveTriggers,
    waitForResponse: found.waitForResponse,
    returnData: found.returnData,
    secretKnown,
    lastProvisionedAt,
    healthy: problems.length === 0,
    problems,
  };
}

/**
 * Reads the state of the tracking and conclusion configurations from ArqSIGN (3.15) and compares
 * it with our definitions and stored secrets. Used by `GET /v1/admin/arqsign/webhooks`, after
 * provisioning, and by the periodic reconciliation (docs/behaviour.md#automatic-behaviour), which alerts through the log
 * (one warning per unhealthy configuration) and the gauge `arqsign_webhook_config_active{name,kind}`
 * (1 = active with every trigger active, 0 = deactivated, a trigger deactivated, or missing).
 */
@Injectable()
export class WebhookConfigStatusService {
  private readonly logger = new SigningLogger('ArqsignWebhooks');
  private readonly activeGauge: Gauge<'name' | 'kind'>;

  constructor(
    @Inject(ArqsignClient) private readonly client: ArqsignClient,
    private readonly store: WebhookConfigStore,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
    metrics: MetricsService,
  ) {
    this.activeGauge = webhookConfigActiveGauge(metrics.registry);
  }

  /** The two definitions for this service's PUBLIC_BASE_URL. */
  definitions(): Record<WebhookKind, WebhookDefinition> {
    return webhookDefinitions(this.options.publicBaseUrl);
  }

  /** Reads ArqSIGN (one list call) and the database; rejects with an ArqsignError when ArqSIGN fails. */
  async check(): Promise<WebhookStatusReport> {
    const [list, stored] = await Promise.all([this.client.listWebhookConfigs(), this.store.findAll()]);
    const report = assessWebhookConfigs(this.definitions(), list, stored, new Date());
    this.record(report);
    return report;
  }

  private record(report: WebhookStatusReport): void {
    this.activeGauge.reset();
    for (const config of report.configurations) {
      const active = config.status === 'ACTIVE' && config.inactiveTriggers.length === 0;
      this.activeGauge.set({ name: config.name, kind: config.kind }, active ? 1 : 0);
      if (!config.healthy) {
        this.logger.warn(
          { kind: config.kind, name: config.name, arqsignId: config.arqsignId, status: config.status, inactiveTriggers: config.inactiveTriggers, problems: config.problems },
          `ArqSIGN webhook configuration "${config.name}" needs attention: ${config.problems.join('; ')}`,
        );
      }
    }
  }
}

export function webhookConfigActiveGauge(registry: Registry): Gauge<'name' | 'kind'> {
  const existing = registry.getSingleMetric('arqsign_webhook_config_active') as Gauge<'name' | 'kind'> | undefined;
  return (
    existing ??
    new Gauge({
      name: 'arqsign_webhook_config_active',
      help: 'ArqSIGN webhook configuration state at the last check: 1 active with every trigger active; 0 inactive, inactive by failures, a trigger inactive, or missing',
      labelNames: ['name', 'kind'],
      registers: [registry],
    })
  );
}
