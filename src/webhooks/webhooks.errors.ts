import { DomainError, ErrorKind } from '../shared/errors/domain-error';

/** Missing or wrong `HMAC` header (or none of the known secrets matches): 400, never 401/403. */
export class WebhookSignatureInvalidError extends DomainError {
  readonly code = 'WEBHOOK.SIGNATURE_INVALID';
  readonly kind: ErrorKind = 'invalid_input';
  constructor() {
    super('The HMAC header does not match the body with any known webhook secret');
  }
}

/** A correctly signed delivery naming another ArqSIGN account (`IdConta`): 400. */
export class WebhookForeignAccountError extends DomainError {
  readonly code = 'WEBHOOK.FOREIGN_ACCOUNT';
  readonly kind: ErrorKind = 'invalid_input';
  constructor() {
    super('The delivery names another ArqSIGN account (IdConta)');
  }
}

/** The inbox (the database) cannot store or verify the delivery right now: 503, ArqSIGN retries. */
export class WebhookInboxUnavailableError extends DomainError {
  readonly code = 'WEBHOOK.INBOX_UNAVAILABLE';
  readonly kind: ErrorKind = 'unavailable';
  constructor() {
    super('The delivery could not be stored; try again later');
  }
}

/** The host app did not keep the raw body (`rawBody: true`), so no HMAC can be checked. */
export class WebhookRawBodyMissingError extends DomainError {
  readonly code = 'WEBHOOK.RAW_BODY_MISSING';
  readonly kind: ErrorKind = 'unavailable';
  constructor() {
    super('The raw request body is not available (create the Nest app with rawBody: true)');
  }
}

export class WebhookDeliveryNotFoundError extends DomainError {
  readonly code = 'WEBHOOK_DELIVERY.NOT_FOUND';
  readonly kind: ErrorKind = 'not_found';
  constructor(id: string) {
    super(`Webhook delivery ${id} not found`);
  }
}

/** A DUPLICATE is never processed: replay its original. */
export class WebhookDeliveryIsDuplicateError extends DomainError {
  readonly code = 'WEBHOOK_DELIVERY.DUPLICATE';
  readonly kind: ErrorKind = 'conflict';
  constructor(readonly originalId: string) {
    super(`This delivery is a duplicate of ${originalId}: replay that one`, { duplicateOf: originalId });
  }
}

export class WebhookDeliveryCursorInvalidError extends DomainError {
  readonly code = 'REQUEST.VALIDATION_FAILED';
  readonly kind: ErrorKind = 'invalid_input';
  constructor() {
    super('Invalid request: cursor is not a cursor of this list', [{ field: 'cursor', problem: 'is not a cursor of this list' }]);
  }
}

/**
 * The receiver already holds as many body bytes as WEBHOOK_INFLIGHT_BUDGET_MB allows: 503 with
 * Retry-After, so ArqSIGN retries instead of the service buffering without bound.
 */
export class WebhookReceiverBusyError extends DomainError {
  readonly code = 'WEBHOOK.RECEIVER_BUSY';
  readonly kind: ErrorKind = 'unavailable';
  constructor() {
    super('The receiver is busy with other deliveries; retry later');
  }
}
