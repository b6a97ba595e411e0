import { DomainError } from '../shared/errors/domain-error';

export class UnauthenticatedError extends DomainError {
  readonly code = 'AUTH.UNAUTHENTICATED';
  readonly kind = 'unauthenticated';
  constructor() {
    super('A valid API key is required: send "Authorization: Bearer <key>" or "X-Api-Key: <key>"');
  }
}

export class NotAdminError extends DomainError {
  readonly code = 'AUTH.FORBIDDEN';
  readonly kind = 'forbidden';
  constructor() {
    super('This API client may not use the admin routes (see ADMIN_CLIENTS)');
  }
}
