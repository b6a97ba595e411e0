/**
 * The simulator's own clock: real time plus an offset that `POST /__sim/clock` advances.
 * It drives every date the simulator emits (send/sign/expiry dates, `DataHoraAtual`, link expiry).
 * Webhook retries run on real timers; see `webhooks/dispatcher.ts` for how an advance pulls them in.
 */
export class SimClock {
  private offsetMs = 0;
  private readonly listeners = new Set<(advancedSeconds: number) => void>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Total seconds the clock has been moved forward since start. */
  get advancedSeconds(): number {
    return this.offsetMs / 1000;
  }

  /** The offset in ms (saved with the sandbox state). */
  get offset(): number {
    return this.offsetMs;
  }

  /** Puts back a saved offset, without the advance side effects (nothing is pending at start). */
  restoreOffset(ms: number): void {
    this.offsetMs = ms;
  }

  advance(seconds: number): Date {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('advanceSeconds must be a non-negative number');
    this.offsetMs += seconds * 1000;
    for (const listener of this.listeners) listener(seconds);
    return this.now();
  }

  onAdvance(listener: (advancedSeconds: number) => void): void {
    this.listeners.add(listener);
  }
}
