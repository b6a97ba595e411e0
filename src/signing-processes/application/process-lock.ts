/**
 * The advisory-lock key that serializes the work on one process that reads state to decide
 * (jobs/advisory-locks.ts): the `arqsign.*` facts consumer takes it in its dispatch
 * transaction, an automatic reaction holds it while it calls ArqSIGN and records the resend — so
 * the "resent" webhook of that resend is seen as its echo.
 */
export function processLockKey(processId: string): string {
  return `signing-process:${processId}`;
}
