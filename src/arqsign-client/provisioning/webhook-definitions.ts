import { createHash } from 'node:crypto';
import type { ArqsignCreateWebhookConfigRequest, ArqsignWebhookDadosRetornoRequest, Gatilho, WebhookConfig } from '../arqsign.types';

/**
 * The two ArqSIGN webhook configurations of the "ideal integration flow" (docs/arqsign.md#our-two-configurations,
 * docs/behaviour.md#what-the-service-does): their names, listener URL and exact `POST /api/v1/confwebhook` bodies (docs/arqsign.md#create-a-configuration),
 * and how to tell whether a configuration found in ArqSIGN still matches them.
 */

export const WEBHOOK_KINDS = ['tracking', 'conclusion'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** Where the receiver (`POST /webhooks/arqsign`, docs/behaviour.md#webhook-receiver) lives, below PUBLIC_BASE_URL. */
export const WEBHOOK_RECEIVER_PATH = '/webhooks/arqsign';

/** ArqSIGN's limit for `nome` (docs/arqsign.md#create-a-configuration). */
const MAX_NAME_LENGTH = 150;

/** Tracking: 1 sent, 2 delivery failure, 3 signed by one, 4 refused, 5 cancelled, 6 expired, 7 resent. */
export const TRACKING_TRIGGERS: readonly Gatilho[] = [1, 2, 3, 4, 5, 6, 7];
/** Conclusion: 8 signed/concluded by all. */
export const CONCLUSION_TRIGGERS: readonly Gatilho[] = [8];

/** Process + signers, no documents (files are big and useless before the conclusion). */
const TRACKING_RETURN_DATA: Required<ArqsignWebhookDadosRetornoRequest> = {
  processo: true,
  signatarios: true,
  documentos: false,
  documentosTipo: null,
  linkDocCompartilhado: false,
  registrosAssinatura: false,
  registrosAssinaturaTipo: null,
};

/** Process + signers + documents as links + shared-document link + signature records as links. */
const CONCLUSION_RETURN_DATA: Required<ArqsignWebhookDadosRetornoRequest> = {
  processo: true,
  signatarios: true,
  documentos: true,
  documentosTipo: 2,
  linkDocCompartilhado: true,
  registrosAssinatura: true,
  registrosAssinaturaTipo: 2,
};

export interface WebhookDefinition {
  kind: WebhookKind;
  name: string;
  url: string;
  /** The exact create body. No user/group/folder filter: every process of the account. */
  request: ArqsignCreateWebhookConfigRequest;
}

/**
 * Names are unique per ArqSIGN account, and several environments (staging, production…) may share
 * one account, each with its own PUBLIC_BASE_URL. So the name carries where the configuration
 * points: `arqsign-bridge tracking (erp.example.com/signing)`. Each environment then finds its own
 * configurations, never another's. A name that would exceed 150 characters keeps the start of the
 * location plus a short hash of the full URL.
 */
export function webhookConfigName(kind: WebhookKind, publicBaseUrl: string): string {
  const base = `arqsign-bridge ${kind}`;
  const room = MAX_NAME_LENGTH - base.length - 3; // " (" + ")"
  let where = location(publicBaseUrl);
  if (where.length > room) {
    const hash = createHash('sha256').update(publicBaseUrl).digest('hex').slice(0, 8);
    where = `${where.slice(0, room - hash.length - 1)}~${hash}`;
  }
  return `${base} (${where})`;
}

/** `PUBLIC_BASE_URL/webhooks/arqsign`. */
export function webhookReceiverUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${WEBHOOK_RECEIVER_PATH}`;
}

export function webhookDefinitions(publicBaseUrl: string): Record<WebhookKind, WebhookDefinition> {
  const url = webhookReceiverUrl(publicBaseUrl);
  const define = (kind: WebhookKind, gatilhos: readonly Gatilho[], dadosRetorno: ArqsignWebhookDadosRetornoRequest): WebhookDefinition => {
    const name = webhookConfigName(kind, publicBaseUrl);
    return {
      kind,
      name,
      url,
      request: {
        nome: name,
        status: 1,
        urlPublicar: url,
        // A listener that does not answer within 100 s counts as a failure and is retried (docs/arqsign.md#delivery-retries-and-deactivation).
        aguardarRetorno: true,
        gatilhos: [...gatilhos],
        dadosRetorno: { ...dadosRetorno },
      },
    };
  };
  return {
    tracking: define('tracking', TRACKING_TRIGGERS, TRACKING_RETURN_DATA),
    conclusion: define('conclusion', CONCLUSION_TRIGGERS, CONCLUSION_RETURN_DATA),
  };
}

/** Names are compared as ArqSIGN does for uniqueness: trimmed, case-insensitive. */
export function sameName(a: string | null | undefined, b: string): boolean {
  return (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
}

/** ArqSIGN strips spaces from `urlPublicar`; scheme and host compare case-insensitively. */
export function sameUrl(actual: string | null | undefined, expected: string): boolean {
  if (!actual) return false;
  const normalize = (value: string) => {
    const stripped = value.replace(/\s+/g, '');
    try {
      return new URL(stripped).href.replace(/\/+$/, '');
    } catch {
      return stripped.replace(/\/+$/, '');
    }
  };
  return normalize(actual) === normalize(expected);
}

/**
 * What differs between a configuration found in ArqSIGN and our definition, apart from name,
 * URL and status (reported separately). ArqSIGN has no update endpoint: such differences can only
 * be fixed in ArqSIGN's web app. Empty = matches.
 */
export function definitionDifferences(found: WebhookConfig, definition: WebhookDefinition): string[] {
  const differences: string[] = [];
  const expected = definition.request;
  const triggers = found.triggers.map((t) => t.id).filter((id): id is number => id !== null).sort((a, b) => a - b);
  if (triggers.join(',') !== [...expected.gatilhos].sort((a, b) => a - b).join(',')) {
    differences.push(`triggers are [${triggers.join(', ')}], expected [${expected.gatilhos.join(', ')}]`);
  }
  if (found.waitForResponse !== null && found.waitForResponse !== expected.aguardarRetorno) {
    differences.push(`aguardarRetorno is ${found.waitForResponse}, expected ${expected.aguardarRetorno}`);
  }
  const filters = [...found.users, ...found.groups, ...found.folders];
  if (filters.length) differences.push('it filters by user, group or folder; expected no filter (every process of the account)');
  const data = found.returnData;
  const want = expected.dadosRetorno!;
  if (data) {
    const compare = (label: string, actual: boolean | number | null, wanted: boolean | number | null | undefined, onlyWhen = true) => {
      if (onlyWhen && actual !== null && actual !== (wanted ?? null)) differences.push(`dadosRetorno.${label} is ${actual}, expected ${wanted ?? null}`);
    };
    compare('processo', data.process, want.processo);
    compare('signatarios', data.signers, want.signatarios);
    compare('documentos', data.documents, want.documentos);
    compare('documentosTipo', data.documentsType, want.documentosTipo, Boolean(want.documentos));
    compare('linkDocCompartilhado', data.sharedDocumentLink, want.linkDocCompartilhado);
    compare('registrosAssinatura', data.signatureRecords, want.registrosAssinatura);
    compare('registrosAssinaturaTipo', data.signatureRecordsType, want.registrosAssinaturaTipo, Boolean(want.registrosAssinatura));
  }
  return differences;
}

function location(publicBaseUrl: string): string {
  try {
    const url = new URL(publicBaseUrl);
    return `${url.host}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return publicBaseUrl.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  }
}
