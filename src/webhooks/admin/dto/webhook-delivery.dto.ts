import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CursorPage, CursorPageQuery, PageCursor, PageLimit, PagingLimits } from '../../../shared/http/cursor-page';
import { DELIVERY_STATES, DeliveryState } from '../../inbox/webhook-delivery.entity';

const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim().toUpperCase()).filter(Boolean);

/** The page size of `GET /v1/admin/webhook-deliveries`. */
export const DELIVERY_PAGE: PagingLimits = { default: 50, max: 100 };

export class ListWebhookDeliveriesQueryDto implements CursorPageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATES, isArray: true, example: ['PARKED'], description: 'One or more states (repeat the parameter or separate with commas)' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(DELIVERY_STATES, { each: true })
  state?: DeliveryState[];

  @ApiPropertyOptional({ description: 'Our process id (set once the delivery was matched to a process)', example: '0b7c7e1e-8d1f-4c1e-9a57-6f3d2b1a0c9e' })
  @IsOptional()
  @IsUUID()
  processId?: string;

  @ApiPropertyOptional({ description: "ArqSIGN's process id (`IdProcesso`), e.g. for PARKED deliveries", example: '5e1f0c2a-1111-4a2b-9c3d-000000000101' })
  @IsOptional()
  @IsUUID()
  arqsignProcessId?: string;

  @ApiPropertyOptional({ description: 'ArqSIGN trigger (1 sent … 8 concluded)', minimum: 1, maximum: 255 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(255)
  trigger?: number;

  @PageLimit(DELIVERY_PAGE)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class SignatureCheckResponse {
  @ApiProperty({ example: true })
  valid: boolean;

  @ApiProperty({ nullable: true, type: String, example: 'stored#0', description: 'Which secret matched: `env#N` (ARQSIGN_WEBHOOK_SECRETS) or `stored#N` (provisioned); never the secret' })
  matchedSecret: string | null;

  @ApiProperty({ nullable: true, type: String, enum: ['base64', 'hex'] })
  encoding: 'base64' | 'hex' | null;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ example: '1f0e4c9a-2b7d-4f5e-8a61-0c3d2e1f4a5b' })
  id: string;

  @ApiProperty({ enum: DELIVERY_STATES })
  state: DeliveryState;

  @ApiProperty({ format: 'date-time', example: '2026-11-28T10:00:00.000Z' })
  receivedAt: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-28T10:00:00.120Z' })
  processedAt: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 3, description: 'ArqSIGN trigger (`IdEvento`)' })
  trigger: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'ProcessoAssinado' })
  eventName: string | null;

  @ApiProperty({ nullable: true, type: String, example: '5e1f0c2a-1111-4a2b-9c3d-000000000101' })
  arqsignProcessId: string | null;

  @ApiProperty({ nullable: true, type: String, example: '7d9e8f10-5555-4c6d-8e7f-000000000501', description: 'The ArqSIGN webhook configuration that sent it' })
  arqsignWebhookId: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Our process, once matched' })
  processId: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'For a DUPLICATE: the delivery of the same event that was processed' })
  duplicateOf: string | null;

  @ApiProperty({ description: 'Content-derived event identity (no event id exists)', example: 'e1:9f2c…' })
  dedupKey: string;

  @ApiProperty({ type: SignatureCheckResponse })
  signature: SignatureCheckResponse;

  @ApiProperty({ example: 4213 })
  bodySize: number;

  @ApiProperty({ example: 1, description: 'Processing attempts so far' })
  attempts: number;

  @ApiProperty({ nullable: true, type: String, description: 'Why it is QUARANTINED or FAILED (or the last failed attempt)' })
  error: string | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'What processing did: the `arqsign.*` event published (`published`, `eventId`), or why it was parked, linked or quarantined',
  })
  result: Record<string, unknown> | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    example: { applied: ['signer-signed'] },
    description:
      'What applying its event to the process came to: `applied` (the facts), `nothing` (why; `resendEcho` for the echo of our own resend), `stale` (older than what the process knows) or `synced` (re-read from ArqSIGN instead). Null until the event is applied (automatic reactions show in the process history, source policy)',
  })
  outcome: Record<string, unknown> | null;
}

export class WebhookDeliveryListResponse extends CursorPage(WebhookDeliveryResponse) {}

export class WebhookDeliveryBodyResponse {
  @ApiProperty({ example: '1f0e4c9a-2b7d-4f5e-8a61-0c3d2e1f4a5b' })
  id: string;

  @ApiProperty({ example: 4213, description: 'Size of the body as received, in bytes' })
  bodySize: number;

  @ApiProperty({ description: 'The body, pretty-printed when it is JSON, with HMAC/secret-named fields, download-link tokens and Base64 file contents masked' })
  text: string;

  @ApiProperty({ description: 'The body parsed as JSON' })
  json: boolean;

  @ApiProperty({ description: 'Cut at 256 KiB' })
  truncated: boolean;
}
