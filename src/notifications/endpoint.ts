/** A client's webhook endpoint as stored (the secrets never leave through the API but once). */
export interface WebhookEndpoint {
  id: string;
  clientName: string;
  url: string;
  description: string | null;
  /** Empty = every message type. */
  eventTypes: string[];
  enabled: boolean;
  /** `manual`, `gone` (the receiver answered 410) or `failures` (too many failed attempts in a row). */
  disabledReason: string | null;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The secrets that sign a message now: the current one, plus a rotated one still in its overlap. */
export function activeSecrets(endpoint: WebhookEndpoint, now = new Date()): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now ? [endpoint.previousSecret] : [];
  return [endpoint.secret, ...previous];
}

export function subscribes(endpoint: Pick<WebhookEndpoint, 'eventTypes'>, type: string): boolean {
  return endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(type);
}

interface EndpointRow {
  id: string;
  client_name: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    clientName: row.client_name,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types ?? [],
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
