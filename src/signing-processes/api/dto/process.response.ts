import { CursorPage } from '../../../shared/http/cursor-page';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArchiveStatus, CHANGE_SOURCES, DeliveryChannel, PROCESS_STATUSES, SignAs, SignatureType, SignerAction, SignerStatus } from '../../domain/process-status';
import { MessageDto } from './settings.dto';
import { RequestedAttachmentDto, SignaturePositionDto, SignerDataDto, SignerMessageDto, TypedDataDto } from './signer-options.dto';
import { AccessCodeChannel } from '../../domain/send-options';

export class AccessCodeResponse {
  @ApiProperty({ example: '****', description: 'Always masked' }) code: string;
  @ApiProperty({ enum: Object.values(AccessCodeChannel) }) channel: AccessCodeChannel;
  @ApiProperty({ nullable: true, type: String, example: '+5511999990000' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'maria@example.com' }) email: string | null;
  @ApiProperty() allowResend: boolean;
}

export class SignerResponse {
  @ApiProperty({ example: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f' }) id: string;
  @ApiProperty({ example: 'Maria Silva' }) name: string;
  @ApiProperty({ example: 'maria@example.com', nullable: true, type: String }) email: string | null;
  @ApiProperty({ example: '+5511999990000', nullable: true, type: String }) phone: string | null;
  @ApiProperty({ example: 1, nullable: true, type: Number }) order: number | null;
  @ApiProperty({ enum: Object.values(SignerAction) }) action: SignerAction;
  @ApiProperty({ enum: Object.values(DeliveryChannel) }) delivery: DeliveryChannel;
  @ApiProperty({ enum: Object.values(SignAs) }) signAs: SignAs;
  @ApiProperty({ enum: Object.values(SignatureType) }) signatureType: SignatureType;
  @ApiProperty({ enum: Object.values(SignerStatus) }) status: SignerStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) signedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) refusalReason: string | null;
  @ApiProperty({ nullable: true, type: String, example: '5e1f0c2a-3333-4a2b-9c3d-000000000301', description: 'ArqSIGN idProcessoDestinatario' }) arqsignSignerId: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: "ArqSIGN's signature data (type, IP, person/company data)" }) signature: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: AccessCodeResponse }) accessCode: AccessCodeResponse | null;
  @ApiProperty({ nullable: true, type: SignerMessageDto }) message: SignerMessageDto | null;
  @ApiProperty({ type: [RequestedAttachmentDto] }) attachments: RequestedAttachmentDto[];
  @ApiProperty({ type: [SignaturePositionDto], description: 'Manual signature boxes; empty when ArqSIGN places them' }) positions: SignaturePositionDto[];
  @ApiProperty({ nullable: true, type: SignerDataDto }) signerData: SignerDataDto | null;
  @ApiProperty({ nullable: true, type: TypedDataDto, description: 'What the signer types when signing (ELECTRONIC SIGN signers; null otherwise)' }) typedData: TypedDataDto | null;
}

export class DocumentResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'contrato.pdf' }) fileName: string;
  @ApiProperty({ example: 1 }) order: number;
  @ApiProperty({ example: 48213, description: 'Bytes' }) size: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256: string;
  @ApiProperty({ nullable: true, type: String, description: 'ArqSIGN document id' }) arqsignDocumentId: string | null;
}

export class ArchiveResponse {
  @ApiProperty({ enum: Object.values(ArchiveStatus) }) status: ArchiveStatus;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class ProcessErrorResponse {
  @ApiProperty({ example: 'ARQSIGN.INSUFFICIENT_CREDITS' }) code: string;
  @ApiProperty({ example: 'Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente' }) message: string;
  @ApiProperty({ type: [String], description: "ArqSIGN's own messages, verbatim" }) arqsignMessages: string[];
}

export class RefusalResponse {
  @ApiProperty({ nullable: true, type: String }) signerId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Valor divergente do combinado' }) reason: string | null;
}

export class SettingsResponse {
  @ApiProperty() useSigningOrder: boolean;
  @ApiProperty({ nullable: true, type: Number }) expirationDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) expirationWarningDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) reminderFrequencyDays: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) generateQrCode: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) requireReading: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) renewalMonths: number | null;
  @ApiProperty({ nullable: true, type: MessageDto }) message: MessageDto | null;
}

/** The process representation of every route that returns a process (docs/behaviour.md#process-resource). */
export class ProcessResponse {
  @ApiProperty({ example: '0b7c7e1e-8d1f-4c1e-9a57-6f3d2b1a0c9e' }) id: string;
  @ApiProperty({ example: 'Contrato 4711' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'ERP-4711' }) externalId: string | null;
  @ApiProperty({ enum: PROCESS_STATUSES, example: 'IN_PROGRESS' }) status: string;
  @ApiProperty({ nullable: true, type: String, example: '5e1f0c2a-1111-4a2b-9c3d-000000000101' }) arqsignProcessId: string | null;
  @ApiProperty({ example: 'erp' }) clientName: string;
  @ApiProperty({ type: [SignerResponse] }) signers: SignerResponse[];
  @ApiProperty({ type: [DocumentResponse] }) documents: DocumentResponse[];
  @ApiProperty({ type: ArchiveResponse }) archive: ArchiveResponse;
  @ApiProperty({ type: ProcessErrorResponse, nullable: true, description: 'Why the send failed or is uncertain' }) error: ProcessErrorResponse | null;
  @ApiProperty({ type: RefusalResponse, nullable: true }) refusal: RefusalResponse | null;
  @ApiProperty({ type: SettingsResponse }) settings: SettingsResponse;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) metadata: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, description: 'The process this one restarted' }) restartedFrom: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The process that restarted this one' }) restartedTo: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiredAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ProcessListResponse extends CursorPage(ProcessResponse) {}

export class HistoryEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'process.sent', description: 'process.created, process.sent, process.send-failed, process.send-uncertain, process.send-deferred, process.send-retried, signer.signed, signer.delivery-failed, process.refused, process.cancelled, process.expired, process.resent, process.completed, process.restarted, archive.stored, archive.failed, archive.retry-requested, event.ignored' })
  type: string;
  @ApiProperty({ enum: CHANGE_SOURCES, example: 'api' }) source: string;
  @ApiProperty({ example: 'erp', description: 'API client, `arqsign` or `system`' }) actor: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ enum: PROCESS_STATUSES, nullable: true }) fromStatus: string | null;
  @ApiProperty({ enum: PROCESS_STATUSES, nullable: true }) toStatus: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { arqsignProcessId: '5e1f0c2a-1111-4a2b-9c3d-000000000101', adopted: false } }) data: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The domain event published for this change' }) eventId: string | null;
}

export class HistoryResponse {
  @ApiProperty() processId: string;
  @ApiProperty({ type: [HistoryEntryResponse], description: 'Oldest first' }) items: HistoryEntryResponse[];
}
