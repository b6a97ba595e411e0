import { Module } from '@nestjs/common';

/** `POST /webhooks/arqsign`: HMAC-verified, durably stored, processed by jobs. */
@Module({})
export class WebhooksModule {}
