import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ArqsignFactOutcome, SigningProcessesService } from '../../signing-processes';
import { InboxHealth, readInboxHealth } from '../inbox/inbox-health.query';
import { DeliveryState, WebhookDeliveryEntity } from '../inbox/webhook-delivery.entity';
import { WebhookInbox } from '../inbox/webhook-inbox.repository';
import { WebhookDeliveryCursorInvalidError, WebhookDeliveryIsDuplicateError, WebhookDeliveryNotFoundError } from '../webhooks.errors';
import { MaskedBody, maskWebhookBody } from './masked-body';
import { DELIVERY_PAGE, type ListWebhookDeliveriesQueryDto } from './dto/webhook-delivery.dto';
import { pageLimit } from '../../shared/http/cursor-page';

/** The admin use cases of the inbox, and its health for the pipeline gauges. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly inbox: WebhookInbox,
    private readonly processes: SigningProcessesService,
    private readonly dataSource: DataSource,
  ) {}

  /** Backlog, oldest unapplied delivery, quarantined and failed counts (one query). */
  health(): Promise<InboxHealth> {
    return readInboxHealth(this.dataSource);
  }

  /** A page of deliveries, with what applying their events came to (signing-processes records it). */
  async list(query: ListWebhookDeliveriesQueryDto): Promise<{ items: WebhookDeliveryEntity[]; outcomes: Map<string, ArqsignFactOutcome>; nextCursor: string | null }> {
    const limit = pageLimit(query.limit, DELIVERY_PAGE);
    const { items, hasMore } = await this.inbox.list({
      states: query.state,
      processId: query.processId,
      arqsignProcessId: query.arqsignProcessId,
      trigger: query.trigger,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit,
    });
    const last = items.at(-1);
    const outcomes = await this.processes.outcomesOfDeliveries(items.map((item) => item.id));
    return { items, outcomes, nextCursor: hasMore && last ? encodeCursor(last) : null };
  }

  /** The stored body, masked for an operator's eyes (a duplicate may have been stored without it). */
  async maskedBody(id: string): Promise<MaskedBody & { id: string; bodySize: number }> {
    const row = await this.inbox.findWithBody(id);
    if (!row) throw new WebhookDeliveryNotFoundError(id);
    return { id: row.id, bodySize: row.bodySize, ...maskWebhookBody(row.body ?? Buffer.alloc(0)) };
  }

  async replay(id: string): Promise<{ row: WebhookDeliveryEntity; outcome: ArqsignFactOutcome | null }> {
    const row = await this.inbox.findById(id);
    if (!row) throw new WebhookDeliveryNotFoundError(id);
    if (row.state === DeliveryState.DUPLICATE) throw new WebhookDeliveryIsDuplicateError(row.duplicateOf!);
    await this.inbox.requeue(id);
    const outcomes = await this.processes.outcomesOfDeliveries([id]);
    return { row: (await this.inbox.findById(id))!, outcome: outcomes.get(id) ?? null };
  }
}

function encodeCursor(row: WebhookDeliveryEntity): string {
  return Buffer.from(JSON.stringify({ t: row.receivedAt.toISOString(), id: row.id })).toString('base64url');
}

function decodeCursor(value: string): { receivedAt: Date; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const receivedAt = new Date(String(parsed.t));
    if (typeof parsed.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(parsed.id) || Number.isNaN(receivedAt.getTime())) throw new Error('bad cursor');
    return { receivedAt, id: parsed.id };
  } catch {
    throw new WebhookDeliveryCursorInvalidError();
  }
}
