import type { HistoryType } from '../signing-processes';

/**
 * The outbound message types (docs/outbound-webhooks.md#message-types): one per `signing.*` domain
 * event, named after what happened to the process. The history entry that records the event is
 * the source, so a message exists exactly when the change it reports was committed.
 */
export const MESSAGE_TYPE_BY_HISTORY: Partial<Record<HistoryType, string>> = {
  'process.sent': 'process.sent',
  'process.send-failed': 'process.send_failed',
  'signer.signed': 'process.signer_signed',
  'signer.delivery-failed': 'process.delivery_failed',
  'process.refused': 'process.refused',
  'process.cancelled': 'process.cancelled',
  'process.expired': 'process.expired',
  'process.resent': 'process.renewed',
  'process.completed': 'process.completed',
  'archive.stored': 'process.archived',
  'archive.failed': 'process.archive_failed',
};

export const MESSAGE_TYPES: readonly string[] = [...new Set(Object.values(MESSAGE_TYPE_BY_HISTORY) as string[])];

/** Sent by `POST /v1/webhook-endpoints/{id}/ping` only. */
export const PING_TYPE = 'webhook.ping';

export const MESSAGE_TYPE_DESCRIPTIONS: Record<string, string> = {
  'process.sent': 'ArqSIGN accepted the process; signers are being notified',
  'process.send_failed': 'ArqSIGN rejected the process (see `process.error`)',
  'process.signer_signed': 'One signer signed (`data.signerId`)',
  'process.delivery_failed': 'The invitation of a signer could not be delivered (`data.signerId`, `data.channel`)',
  'process.refused': 'A signer refused; the process is REFUSED',
  'process.cancelled': 'The process was cancelled',
  'process.expired': 'The process expired before every signer signed',
  'process.renewed': 'Invitations were sent again (manually or automatically after a delivery failure)',
  'process.completed': 'Every signer signed; the process is COMPLETED',
  'process.archived': 'The signed files are stored and downloadable (`process.archive.files`)',
  'process.archive_failed': 'Storing the signed files failed for good (see `process.archive`)',
};
