import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryJob } from './delivery/delivery.job';
import { OutboundHttp } from './delivery/outbound-http';
import { OutboundPolicy } from './delivery/outbound-policy';
import { describe } from './delivery/retry-policy';
import { activeSecrets, WebhookEndpoint } from './endpoint';
import { PING_TYPE } from './message-types';
import { EndpointNotFoundError, EndpointUrlNotAllowedError, MessageNotFoundError } from './notifications.errors';
import { NOTIFICATION_SETTINGS, NotificationSettings } from './notifications.settings';
import { AttemptRow, DeliveryRow, EndpointPatch, NotificationsStore } from './notifications.store';
import { generateSecret, signedHeaders } from './signature';
import { randomUUID } from 'node:crypto';

export interface EndpointInput {
  url: string;
  description?: string | null;
  eventTypes?: string[];
}

export interface PingResult {
  messageId: string;
  status: number | null;
  latencyMs: number;
  delivered: boolean;
  error: string | null;
}

/** Use cases of `/v1/webhook-endpoints`: every call is scoped to the calling client. */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly store: NotificationsStore,
    private readonly policy: OutboundPolicy,
    private readonly http: OutboundHttp,
    private readonly deliveries: DeliveryJob,
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  async create(clientName: string, input: EndpointInput): Promise<WebhookEndpoint> {
    this.checkUrl(input.url);
    return this.store.createEndpoint({ clientName, url: input.url, description: input.description ?? null, eventTypes: unique(input.eventTypes ?? []), secret: generateSecret() });
  }

  list(clientName: string): Promise<WebhookEndpoint[]> {
    return this.store.listEndpoints(clientName);
  }

  async get(clientName: string, id: string): Promise<WebhookEndpoint> {
    return found(await this.store.findEndpoint(clientName, id));
  }

  async update(clientName: string, id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
    if (patch.url !== undefined) this.checkUrl(patch.url);
    await this.get(clientName, id);
    return found(await this.store.updateEndpoint(clientName, id, { ...patch, eventTypes: patch.eventTypes && unique(patch.eventTypes) }));
  }

  async remove(clientName: string, id: string): Promise<void> {
    if (!(await this.store.deleteEndpoint(clientName, id))) throw new EndpointNotFoundError();
  }

  /** Enabling resumes the deliveries parked while the endpoint was disabled. */
  async setEnabled(clientName: string, id: string, enabled: boolean): Promise<WebhookEndpoint> {
    const endpoint = found(await this.store.setEnabled(clientName, id, enabled, 'manual'));
    if (enabled) for (const deliveryId of await this.store.pendingOf(endpoint.id, 1000)) await this.deliveries.enqueue(deliveryId);
    return endpoint;
  }

  /** A new secret; the old one keeps signing for `overlapSeconds` (default from settings; 0 = revoke now). */
  async rotateSecret(clientName: string, id: string, overlapSeconds?: number): Promise<WebhookEndpoint> {
    await this.get(clientName, id);
    return found(await this.store.rotateSecret(clientName, id, generateSecret(), overlapSeconds ?? this.settings.secretOverlapSeconds));
  }

  async messages(clientName: string, id: string, filter: { state?: string; limit: number; before?: string }): Promise<DeliveryRow[]> {
    const endpoint = await this.get(clientName, id);
    return this.store.listDeliveries(endpoint.id, filter);
  }

  async message(clientName: string, id: string, messageId: string): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] }> {
    const endpoint = await this.get(clientName, id);
    const delivery = await this.store.findDelivery(endpoint.id, messageId);
    if (!delivery) throw new MessageNotFoundError();
    return { delivery, attempts: await this.store.attempts(delivery.id) };
  }

  /** Delivers a message (again) to this endpoint, now: also one it never had (subscribed later, or another type). */
  async replay(clientName: string, id: string, messageId: string): Promise<DeliveryRow> {
    const endpoint = await this.get(clientName, id);
    if (!(await this.store.messageOf(clientName, messageId))) throw new MessageNotFoundError();
    await this.dataSource.transaction(async (manager) => {
      const deliveryId = await this.store.upsertDelivery(manager, messageId, endpoint.id);
      if (endpoint.enabled) await this.deliveries.enqueue(deliveryId, { manager });
    });
    return (await this.store.findDelivery(endpoint.id, messageId))!;
  }

  /** A `webhook.ping` message, signed like any other, sent now; its outcome is the answer (not retried, not logged). */
  async ping(clientName: string, id: string): Promise<PingResult> {
    const endpoint = await this.get(clientName, id);
    const messageId = `msg_ping_${randomUUID()}`;
    const body = JSON.stringify({ id: messageId, type: PING_TYPE, timestamp: new Date().toISOString(), data: { endpointId: endpoint.id } });
    const outcome = await this.http.post(endpoint.url, { ...signedHeaders(activeSecrets(endpoint), messageId, body) }, body);
    const delivered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    return { messageId, status: outcome.status, latencyMs: outcome.latencyMs, delivered, error: delivered ? null : describe(outcome) };
  }

  private checkUrl(url: string): void {
    const problem = this.policy.urlProblem(url);
    if (problem) throw new EndpointUrlNotAllowedError(problem);
  }
}

function found(endpoint: WebhookEndpoint | null): WebhookEndpoint {
  if (!endpoint) throw new EndpointNotFoundError();
  return endpoint;
}

const unique = (values: string[]) => [...new Set(values)];
