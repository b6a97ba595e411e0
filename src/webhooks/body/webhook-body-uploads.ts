import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhookSignatureVerifier } from '../signature/webhook-secrets';
import { BodyUpload } from './body-upload';
import { StreamedBody } from './streamed-body';

/** Bodies larger than this (announced, or once this much has arrived) are streamed to the database. */
export const STREAM_BODIES_OVER_BYTES = 1024 * 1024;
/**
 * Streamed bodies being received at once. Each holds a pooled connection (its transaction) until
 * it is stored, so a flood of slow large bodies cannot take the pool from everything else; one
 * more is answered 503 + Retry-After, like a full in-flight budget.
 */
export const MAX_CONCURRENT_STREAMED_BODIES = 4;

/** Starts streamed bodies: a slot, the secrets to hash with, and an open transaction (docs/large-bodies.md). */
@Injectable()
export class WebhookBodyUploads {
  private active = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly verifier: WebhookSignatureVerifier,
  ) {}

  get inUse(): number {
    return this.active;
  }

  /** A new streamed body, or null when every slot is taken. Rejects when the database is unavailable. */
  async start(): Promise<StreamedBody | null> {
    if (this.active >= MAX_CONCURRENT_STREAMED_BODIES) return null;
    this.active++;
    try {
      const secrets = await this.verifier.streamingSecrets();
      const upload = await BodyUpload.begin(this.dataSource, () => this.active--);
      return new StreamedBody(upload, secrets);
    } catch (error) {
      this.active--;
      throw error;
    }
  }
}
