/**
 * ArqSIGN simulator (issue 3): a faithful, in-memory fake of the ArqSIGN REST API and webhooks
 * (docs/arqsign.md#sandbox-simulator) plus the test-control API of docs/behaviour.md#sandbox-simulator.
 */
export { startArqsignSimulator } from './simulator-server';
export type { RunningSimulator, SimulatorAccount, SimulatorOptions } from './simulator-options';
export { signWebhookBody } from './webhooks/hmac';
export { RETRY_OFFSETS_MINUTES } from './webhooks/retry-schedule';
export type { DeliveryRecord } from './webhooks/dispatcher';
