import { Inject, Injectable } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { WebhookConfigStore } from '../../arqsign-client';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import type { SignatureCheck } from '../inbox/webhook-delivery.entity';
import { safeError } from '../safe-error';
import { WebhookInboxUnavailableError } from '../webhooks.errors';
import { matchHmacDigests, verifyHmacAsync } from './hmac';

export interface StreamingSecrets {
  configured: readonly string[];
  stored: readonly string[];
}

const REFRESH_EVERY_MS = 2000;

/**
 * Checks a delivery's `HMAC` header against every known secret: the configured ones
 * (ARQSIGN_WEBHOOK_SECRETS, several during a rotation) first, then those provisioning stored
 * (cached by the store), then the stored ones once more bypassing the cache (another instance may
 * have just provisioned). Never returns or logs a secret, only which one matched.
 */
@Injectable()
export class WebhookSignatureVerifier {
  private readonly logger = new SigningLogger('WebhookSignature');
  private lastRefresh = 0;

  constructor(
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
    private readonly store: WebhookConfigStore,
  ) {}

  /** The matching secret, or null when none matches. Rejects only when stored secrets can't be read. */
  async verify(rawBody: Buffer, header: string | string[] | undefined): Promise<SignatureCheck | null> {
    const configured = await verifyHmacAsync(rawBody, header, this.options.webhooks.secrets);
    if (configured) return { valid: true, matchedSecret: `env#${configured.index}`, encoding: configured.encoding };
    const cached = await verifyHmacAsync(rawBody, header, await this.stored(false));
    if (cached) return { valid: true, matchedSecret: `stored#${cached.index}`, encoding: cached.encoding };
    // Bypassing the cache costs a query: at most once per REFRESH_EVERY_MS, so a flood of bad
    // signatures cannot turn into a flood of queries (a delivery refused meanwhile is retried by ArqSIGN).
    if (Date.now() - this.lastRefresh < REFRESH_EVERY_MS) return null;
    this.lastRefresh = Date.now();
    const fresh = await verifyHmacAsync(rawBody, header, await this.stored(true));
    return fresh ? { valid: true, matchedSecret: `stored#${fresh.index}`, encoding: fresh.encoding } : null;
  }

  /**
   * Every secret a streamed body is hashed with while it arrives (docs/large-bodies.md): the
   * configured ones, then the stored ones read afresh (one query per streamed body, which is
   * large and rare; the body cannot be re-read to try secrets learnt later).
   */
  async streamingSecrets(): Promise<StreamingSecrets> {
    return { configured: this.options.webhooks.secrets, stored: await this.stored(true) };
  }

  /** The check of a streamed body, from its digests (`streamingSecrets` order); null when none matches. */
  verifyDigests(digests: { configured: (Buffer | null)[]; stored: (Buffer | null)[] }, header: string | string[] | undefined): SignatureCheck | null {
    const configured = matchHmacDigests(header, digests.configured);
    if (configured) return { valid: true, matchedSecret: `env#${configured.index}`, encoding: configured.encoding };
    const stored = matchHmacDigests(header, digests.stored);
    return stored ? { valid: true, matchedSecret: `stored#${stored.index}`, encoding: stored.encoding } : null;
  }

  private async stored(refresh: boolean): Promise<string[]> {
    try {
      return await this.store.hmacSecrets({ refresh });
    } catch (error) {
      this.logger.error({ error: safeError(error) }, 'Stored webhook secrets unavailable');
      throw new WebhookInboxUnavailableError();
    }
  }
}
