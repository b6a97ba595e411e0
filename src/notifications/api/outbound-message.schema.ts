import { ApiProperty } from '@nestjs/swagger';
import { HistoryEntryResponse, ProcessResponse } from '../../signing-processes';
import { MESSAGE_TYPE_DESCRIPTIONS, MESSAGE_TYPES } from '../message-types';

export class OutboundMessageData {
  @ApiProperty({ type: ProcessResponse, description: 'The process as `GET /v1/processes/{id}` showed it right after this change' })
  process: ProcessResponse;

  @ApiProperty({ type: HistoryEntryResponse, description: 'The history entry of the change (as in `GET /v1/processes/{id}/history`)' })
  change: HistoryEntryResponse;
}

const TYPES = MESSAGE_TYPES.map((type) => `- \`${type}\`: ${MESSAGE_TYPE_DESCRIPTIONS[type]}`).join('\n');

/**
 * The body we POST to a webhook endpoint (docs/outbound-webhooks.md#messages). OpenAPI 3.0 has no
 * `webhooks` section: this schema, with the `outbound webhooks` tag, documents it instead.
 */
export class OutboundMessage {
  @ApiProperty({ example: 'msg_0b7c7e1e-8d1f-4c1e-9a57-6f3d2b1a0c9e', description: 'Stable: a retry or replay sends the same id (also the `webhook-id` header). Deduplicate on it' })
  id: string;

  @ApiProperty({ enum: MESSAGE_TYPES, description: `What happened:\n${TYPES}` })
  type: string;

  @ApiProperty({ format: 'date-time', description: 'When the change happened' })
  timestamp: string;

  @ApiProperty({ example: 42, description: 'Increases with every message; per process it follows the order of the changes. Keep the highest seen per process and ignore older ones' })
  sequence: number;

  @ApiProperty({ type: OutboundMessageData })
  data: OutboundMessageData;
}
