/**
 * A byte budget shared by every webhook body being read or held at the same time
 * (WEBHOOK_INFLIGHT_BUDGET_MB; docs/hostile-input.md). A request takes bytes before it buffers
 * them and gives them back when its response is done; when the budget is full the receiver
 * answers 503 + Retry-After instead of buffering, and ArqSIGN retries later.
 */
export class InFlightBudget {
  private used = 0;

  constructor(readonly capacity: number) {}

  get inUse(): number {
    return this.used;
  }

  tryTake(bytes: number): boolean {
    if (bytes < 0 || this.used + bytes > this.capacity) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
