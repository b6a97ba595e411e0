import { DomainError, ErrorKind } from '../shared/errors/domain-error';

/** No such endpoint for this API client (another client's endpoint is not found either). */
export class EndpointNotFoundError extends DomainError {
  readonly code = 'WEBHOOK_ENDPOINT.NOT_FOUND';
  readonly kind: ErrorKind = 'not_found';

  constructor() {
    super('No such webhook endpoint');
  }
}

/** No such message in this endpoint's log (nor any message of this client with that id). */
export class MessageNotFoundError extends DomainError {
  readonly code = 'WEBHOOK_ENDPOINT.MESSAGE_NOT_FOUND';
  readonly kind: ErrorKind = 'not_found';

  constructor() {
    super('No such message for this endpoint');
  }
}

/** The URL may not be used: not https, credentials, or a non-public address (docs/outbound-webhooks.md#safety). */
export class EndpointUrlNotAllowedError extends DomainError {
  readonly code = 'WEBHOOK_ENDPOINT.URL_NOT_ALLOWED';
  readonly kind: ErrorKind = 'unprocessable';

  constructor(problem: string) {
    super(`url ${problem}`, { field: 'url', problem });
  }
}
