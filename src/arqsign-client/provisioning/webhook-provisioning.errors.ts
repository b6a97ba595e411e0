import { DomainError, type ErrorKind } from '../../shared/errors/domain-error';

export const WebhookProvisioningErrorCode = {
  URL_MISMATCH: 'ARQSIGN_WEBHOOKS.URL_MISMATCH',
  PROVISIONING_IN_PROGRESS: 'ARQSIGN_WEBHOOKS.PROVISIONING_IN_PROGRESS',
} as const;

export interface UrlMismatch {
  kind: string;
  name: string;
  arqsignId: string;
  url: string | null;
  expectedUrl: string;
}

/**
 * A configuration with our name exists in ArqSIGN but points at another URL. ArqSIGN has no
 * endpoint to change a configuration, and re-activating one that delivers elsewhere would be
 * wrong, so it is left alone: fix its URL in ArqSIGN's web app (or rename it there, so a new one
 * is created), then provision again. `details.configurations` reports every configuration.
 */
export class WebhookUrlMismatchError extends DomainError {
  readonly code = WebhookProvisioningErrorCode.URL_MISMATCH;
  readonly kind: ErrorKind = 'conflict';

  constructor(
    readonly mismatches: UrlMismatch[],
    configurations: unknown,
  ) {
    super(
      mismatches
        .map((m) => `ArqSIGN webhook configuration "${m.name}" (${m.arqsignId}) points at ${m.url ?? 'no URL'}, expected ${m.expectedUrl}`)
        .join('; ') +
        '. ArqSIGN cannot change a configuration through its API: correct the URL (or rename the configuration) in ArqSIGN\'s web app, then provision again.',
      { mismatches, configurations },
    );
  }
}

/** Another provisioning (this or another instance) holds the lock for too long. */
export class WebhookProvisioningBusyError extends DomainError {
  readonly code = WebhookProvisioningErrorCode.PROVISIONING_IN_PROGRESS;
  readonly kind: ErrorKind = 'conflict';

  constructor(waitedMs: number) {
    super(`Another webhook provisioning is still running (waited ${Math.round(waitedMs / 1000)} s); try again shortly`);
  }
}
