import { Inject, Injectable } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { dedupKey, streamedDedupKey } from '../interpretation/dedup-key';
import { interpret, Interpretation, readBody, ReadBody, readSkeleton, Trigger } from '../interpretation/webhook-payload';
import type { BodyUpload } from '../body/body-upload';
import type { StreamedBodySummary } from '../body/streamed-body';
import { isDatabaseUnavailable } from '../../shared/http/database-errors';
import { serializeError } from '../../observability/safe-error.serializer';
import { WebhookMetrics } from '../webhook-metrics';
import { WebhookForeignAccountError, WebhookInboxUnavailableError } from '../webhooks.errors';
import { maskAccessCodes } from './access-code-mask';
import { DeliveryState, SignatureCheck } from './webhook-delivery.entity';
import { StoredDelivery, WebhookInbox } from './webhook-inbox.repository';

export interface IncomingDelivery {
  /** The body as received; or `streamed`, a large body already written in an open transaction (docs/large-bodies.md). */
  rawBody?: Buffer;
  streamed?: StreamedBodySummary;
  /** Already verified. */
  signature: SignatureCheck;
  headers: Record<string, string>;
  /** The body as an app-wide JSON parser already parsed it, when it did. */
  parsed?: unknown;
}

/**
 * "Resent" deliveries wait this long before processing, so that a resend we made ourselves (API,
 * policy) has recorded itself first and the webhook is recognised as its echo.
 */
const RESENT_DELAY_SECONDS = 3;

/**
 * Accepts a verified delivery: checks the account, interprets just enough to name it (trigger,
 * process, dedup key), and stores it durably — RECEIVED and queued for processing, QUARANTINED when
 * it cannot be interpreted, DUPLICATE when its event was already received. Only then may the
 * controller answer 200.
 */
@Injectable()
export class WebhookReceiver {
  private readonly logger = new SigningLogger('WebhookReceiver');

  constructor(
    private readonly inbox: WebhookInbox,
    private readonly metrics: WebhookMetrics,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
  ) {}

  async receive(delivery: IncomingDelivery): Promise<StoredDelivery> {
    const body = delivery.streamed ? streamedBody(delivery.streamed) : heldBody(delivery.rawBody ?? Buffer.alloc(0), delivery.parsed);
    const read = body.read;
    const json = read.json;
    const interpretation: Interpretation = read.problem !== undefined ? { kind: 'uninterpretable', envelope: null, reason: read.problem } : interpret(json);
    const envelope = interpretation.kind === 'event' ? interpretation.event : interpretation.envelope;

    const ourAccount = this.options.arqsign.accountId?.trim().toLowerCase();
    if (ourAccount && envelope?.accountId && envelope.accountId !== ourAccount) {
      this.metrics.requests.inc({ outcome: 'foreign_account' });
      this.logger.warn({ arqsignProcessId: envelope.arqsignProcessId, webhookId: envelope.webhookId }, 'Webhook for another ArqSIGN account rejected (IdConta)');
      throw new WebhookForeignAccountError();
    }

    // Access codes never reach the database (docs/arqsign-gaps.md#gap-29); the dedup key is computed on the bytes as received.
    const storedBody = body.stored();
    let quarantined = interpretation.kind === 'uninterpretable';
    let reason = interpretation.kind === 'uninterpretable' ? interpretation.reason : null;
    let stored: StoredDelivery;
    try {
      stored = await this.inbox.store({
        state: quarantined ? DeliveryState.QUARANTINED : DeliveryState.RECEIVED,
        dedupKey: body.dedupKey(interpretation, json),
        trigger: envelope?.trigger ?? null,
        eventName: envelope?.eventName?.slice(0, 100) ?? null,
        arqsignProcessId: envelope?.arqsignProcessId ?? null,
        arqsignWebhookId: envelope?.webhookId?.slice(0, 64) ?? null,
        accountId: envelope?.accountId?.slice(0, 64) ?? null,
        signature: delivery.signature,
        headers: delivery.headers,
        body: storedBody,
        streamed: body.streamed,
        error: reason,
        processAfterSeconds: envelope?.trigger === Trigger.RESENT ? RESENT_DELAY_SECONDS : undefined,
      });
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw this.unavailable(error);
      // The database refused something we derived from the body: keep the bytes, quarantined,
      // with nothing derived from them. 503 is for an unavailable database only.
      this.logger.warn({ err: serializeError(error) }, 'Webhook delivery could not be stored as interpreted; quarantining its bytes');
      try {
        stored = await this.inbox.store({
          state: DeliveryState.QUARANTINED,
          dedupKey: body.dedupKey({ kind: 'uninterpretable', envelope: null, reason: '' }, undefined),
          trigger: null,
          eventName: null,
          arqsignProcessId: null,
          arqsignWebhookId: null,
          accountId: null,
          signature: delivery.signature,
          headers: delivery.headers,
          body: storedBody,
          streamed: body.streamed,
          error: `The delivery could not be stored as interpreted (database code ${serializeError(error).code ?? 'unknown'})`,
        });
        quarantined = true;
        reason = 'The delivery could not be stored as interpreted';
      } catch (second) {
        throw this.unavailable(second);
      }
    }

    const outcome = stored.state === DeliveryState.DUPLICATE ? 'duplicate' : quarantined ? 'quarantined' : 'received';
    this.metrics.requests.inc({ outcome });
    const context = { deliveryId: stored.id, trigger: envelope?.trigger ?? null, arqsignProcessId: envelope?.arqsignProcessId ?? null };
    if (quarantined) this.logger.warn({ ...context, reason }, 'Webhook delivery quarantined');
    else this.logger.log({ ...context, state: stored.state, duplicateOf: stored.duplicateOf }, 'Webhook delivery stored');
    return stored;
  }

  private unavailable(error: unknown): WebhookInboxUnavailableError {
    this.metrics.requests.inc({ outcome: 'unavailable' });
    this.logger.error({ err: serializeError(error) }, 'Webhook delivery could not be stored');
    return new WebhookInboxUnavailableError();
  }
}

/** How a body is read, keyed and stored: held in memory, or streamed into the database. */
interface BodyHandling {
  read: ReadBody;
  dedupKey(interpretation: Interpretation, json: unknown): string;
  stored(): Buffer;
  streamed?: { upload: BodyUpload; size: number };
}

function heldBody(raw: Buffer, parsed: unknown): BodyHandling {
  const read = readBody(raw, parsed);
  return { read, dedupKey: (interpretation, json) => dedupKey(interpretation, json, raw), stored: () => maskAccessCodes(raw) };
}

/** The row keeps the skeleton (long strings elided), the chunks the raw bytes (docs/large-bodies.md). */
function streamedBody(summary: StreamedBodySummary): BodyHandling {
  const { skeleton, problem } = summary.skeleton;
  return {
    read: readSkeleton(skeleton, problem?.kind === 'not-json' ? undefined : problem?.message, summary.utf8),
    dedupKey: (interpretation) => streamedDedupKey(interpretation, summary.sha256),
    stored: () => (skeleton ? maskAccessCodes(skeleton) : Buffer.alloc(0)),
    streamed: { upload: summary.upload, size: summary.size },
  };
}
