import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { PageLimit, PagingLimits } from '../../shared/http/cursor-page';
import { Trimmed } from '../../shared/http/trim.transform';
import { MESSAGE_TYPES } from '../message-types';
import { OutboundMessage } from './outbound-message.schema';

const URL_DESCRIPTION = 'Where messages are POSTed. `https` (plain `http` only for hosts in OUTBOUND_ALLOW_HTTP_HOSTS, or loopback in sandbox mode); it must not resolve to a private, loopback or link-local address unless its host is in OUTBOUND_ALLOWED_HOSTS';

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://erp.example.com/hooks/arqsign-bridge', maxLength: 2000, description: URL_DESCRIPTION })
  @IsString()
  @Trimmed()
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'ERP production' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ type: [String], enum: MESSAGE_TYPES, description: 'The message types to receive; empty or absent = all', example: ['process.completed', 'process.archived'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(MESSAGE_TYPES, { each: true })
  eventTypes?: string[];
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ maxLength: 2000, description: URL_DESCRIPTION })
  @IsOptional()
  @IsString()
  @Trimmed()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ type: [String], enum: MESSAGE_TYPES, description: 'Empty = all types' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(MESSAGE_TYPES, { each: true })
  eventTypes?: string[];
}

export class RotateSecretDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 604800, example: 86400, description: 'Seconds the old secret keeps signing alongside the new one (default 24 h; 0 revokes it now)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(604800)
  overlapSeconds?: number;
}

/** The page size of an endpoint's message log (paged by `before`, the last `sequence` seen). */
export const MESSAGE_PAGE: PagingLimits = { default: 50, max: 200 };

export class ListMessagesQueryDto {
  @ApiPropertyOptional({ enum: ['PENDING', 'DELIVERED', 'FAILED'] })
  @IsOptional()
  @IsIn(['PENDING', 'DELIVERED', 'FAILED'])
  state?: string;

  @PageLimit(MESSAGE_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only messages with a smaller `sequence` (the next page: the last `sequence` seen)', example: '120' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;
}

export class WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String], enum: MESSAGE_TYPES, description: 'Empty = every type' }) eventTypes: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, nullable: true, enum: ['manual', 'gone', 'failures'], description: '`gone`: the receiver answered 410; `failures`: too many failed attempts in a row' })
  disabledReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Until when the previous secret also signs (after a rotation)' })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ description: 'Failed attempts in a row (reset by a delivery)' }) consecutiveFailures: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookEndpointWithSecretResponse extends WebhookEndpointResponse {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret (Standard Webhooks format). Shown only here: store it' })
  signingSecret: string;
}

export class WebhookEndpointListResponse {
  @ApiProperty({ type: [WebhookEndpointResponse] }) items: WebhookEndpointResponse[];
}

export class DeliveryAttemptResponse {
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status; null when there was no answer' }) status: number | null;
  @ApiProperty() latencyMs: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ enum: ['delivered', 'retry', 'failed', 'gone'] }) outcome: string;
}

export class MessageDeliveryResponse {
  @ApiProperty({ example: 'msg_0b7c7e1e-8d1f-4c1e-9a57-6f3d2b1a0c9e' }) messageId: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) type: string;
  @ApiProperty({ format: 'uuid' }) processId: string;
  @ApiProperty({ example: '42', description: 'The message sequence (a decimal string)' }) sequence: string;
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED'] }) state: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nextAttemptAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) lastStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class MessageDeliveryDetailResponse extends MessageDeliveryResponse {
  @ApiProperty({ type: [DeliveryAttemptResponse] }) attemptLog: DeliveryAttemptResponse[];
  @ApiProperty({ type: OutboundMessage, description: 'The message as it is POSTed (the exact bytes signed are its JSON text as stored)' }) message: OutboundMessage;
}

export class MessageDeliveryListResponse {
  @ApiProperty({ type: [MessageDeliveryResponse] }) items: MessageDeliveryResponse[];
}

export class PingResponse {
  @ApiProperty({ example: 'msg_ping_1f0e…' }) messageId: string;
  @ApiProperty({ type: Number, nullable: true }) status: number | null;
  @ApiProperty() latencyMs: number;
  @ApiProperty({ description: 'True for a 2xx answer' }) delivered: boolean;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}
