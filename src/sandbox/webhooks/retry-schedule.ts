/**
 * When each of the 14 attempts happens, in minutes after the first (docs/arqsign.md#delivery-retries-and-deactivation): 0, 5 min, 15 min,
 * 30 min, 1 h, 2 h, 4 h, 8 h, 16 h, 1 d, 2 d, 3 d, 4 d, 5 d.
 */
export const RETRY_OFFSETS_MINUTES: readonly number[] = [
  0, 5, 15, 30, 60, 120, 240, 480, 960, 1440, 2880, 4320, 5760, 7200,
];

export const MAX_ATTEMPTS = RETRY_OFFSETS_MINUTES.length;

/** Offset of attempt `n` (1-based) from the first attempt, in milliseconds of schedule time. */
export function attemptOffsetMs(attempt: number): number {
  return RETRY_OFFSETS_MINUTES[attempt - 1] * 60_000;
}
