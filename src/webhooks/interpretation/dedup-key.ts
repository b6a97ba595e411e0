import { createHash } from 'node:crypto';
import { isRecord } from '../../arqsign-client';
import { Interpretation, Trigger, WebhookEvent, WebhookSigner } from './webhook-payload';

/**
 * The content-derived identity of a delivery (ArqSIGN sends no event id: docs/arqsign.md#what-our-receiver-does, docs/arqsign-gaps.md#gap-04).
 * Deliveries with the same key are the same event; the first is processed, the others are
 * DUPLICATE.
 *
 * - `e1:` a known trigger: SHA-256 of the ArqSIGN process id, the trigger and the facts that
 *   tell one such event from another of the same process. What changes between retries of one
 *   event (`DataHoraAtual`, download-link tokens) and what does not identify it (`IdWebhook`, so
 *   the same event reaching us through two configurations is still one event; flags and labels)
 *   is left out. Per trigger:
 *   1 sent → `DataEnvio`; 2 delivery failure → the failing signers (id, e-mail, phone) and
 *   `DataReenvio` (a failure after a resend is a new event); 3 signed → each listed signer with
 *   its `DataAssinatura` (two signers signing are two events); 4 refused → the refusing signer,
 *   reason and `DataCancelamento`; 5 cancelled → `DataCancelamento`; 6 expired → `DataExpiracao`
 *   (the deadline that passed) and `DataReenvio` (an expiry after a renewal is a new event, even
 *   when ArqSIGN's whole-second dates coincide); 7 resent →
 *   `DataReenvio` and the new `DataExpiracao` (both set by that resend: two resends are two
 *   events); 8 concluded → `DataConclusao`.
 * - `c1:` JSON we cannot identify that way (unknown event, no distinguishing fact): SHA-256 of the
 *   canonical body (keys folded to lower case and sorted, `DataHoraAtual` and `IdWebhook` dropped,
 *   query strings of URLs dropped).
 * - `r1:` not JSON: SHA-256 of the raw bytes (a retry sends the same bytes).
 */
export function dedupKey(interpretation: Interpretation, json: unknown, raw: Buffer): string {
  const event = eventKey(interpretation);
  if (event) return event;
  if (json !== undefined) return `c1:${sha256(JSON.stringify(canonical(json, true)))}`;
  return `r1:${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * The key of a body streamed into the database (docs/large-bodies.md): `e1:` as above when it
 * names an event, otherwise `r1:` over its raw bytes (hashed as they arrived; the canonical form
 * would need the whole parsed body).
 */
export function streamedDedupKey(interpretation: Interpretation, rawSha256: string): string {
  return eventKey(interpretation) ?? `r1:${rawSha256}`;
}

function eventKey(interpretation: Interpretation): string | undefined {
  if (interpretation.kind !== 'event') return undefined;
  const parts = eventParts(interpretation.event);
  return parts.some((part) => part !== '') ? `e1:${sha256(JSON.stringify([interpretation.event.arqsignProcessId, interpretation.event.trigger, ...parts]))}` : undefined;
}

function eventParts(event: WebhookEvent): string[] {
  const at = (date: Date | null) => date?.toISOString() ?? '';
  const contact = (s: WebhookSigner) => [s.arqsignSignerId, s.email?.toLowerCase() ?? '', digits(s.phone)].join('|');
  const listed = (signers: WebhookSigner[], describe: (s: WebhookSigner) => string) => signers.map(describe).sort().join(',');
  switch (event.trigger) {
    case Trigger.SENT:
      return [at(event.sentAt)];
    case Trigger.DELIVERY_FAILED:
      return [at(event.resentAt), listed(event.signers.filter((s) => s.deliveryFailed !== false), contact)];
    case Trigger.SIGNED:
      return [listed(event.signers, (s) => `${s.arqsignSignerId}|${at(s.signedAt)}`)];
    case Trigger.REFUSED: {
      const refuser = event.signers.find((s) => s.refused);
      return [at(event.cancelledAt), refuser ? `${refuser.arqsignSignerId}|${refuser.refusalReason ?? ''}` : ''];
    }
    case Trigger.CANCELLED:
      return [at(event.cancelledAt)];
    case Trigger.EXPIRED:
      return [at(event.expiresAt), at(event.resentAt)];
    case Trigger.RESENT:
      return [at(event.resentAt), at(event.expiresAt)];
    case Trigger.CONCLUDED:
      return [at(event.concludedAt)];
  }
}

/** Top-level keys that change between retries or only name the sending configuration. */
const VOLATILE_TOP_KEYS = new Set(['datahoraatual', 'idwebhook']);

/** Sorted, case-folded keys; no `DataHoraAtual`/`IdWebhook` at the top; URLs without their (token) query. */
export function canonical(value: unknown, top = false): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item));
  if (isRecord(value)) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key.trim().toLowerCase(), item] as const)
      .filter(([key]) => !(top && VOLATILE_TOP_KEYS.has(key)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, canonical(item)]));
  }
  if (typeof value === 'string' && /^https?:\/\//i.test(value)) return value.replace(/[?#].*$/, '');
  return value;
}

function digits(phone: string | null): string {
  return phone ? phone.replace(/\D/g, '') : '';
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
