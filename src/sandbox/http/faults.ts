import { matchPattern } from './router';

export type FaultMode = 'error500' | 'rateLimit' | 'timeout';

export interface Fault {
  /** As given: `[METHOD ]/route/pattern`, `{param}` or `*` = one segment, `**` = the rest. */
  path: string;
  method: string | null;
  pattern: string;
  mode: FaultMode;
  remaining: number;
  retryAfterSeconds: number | null;
}

/** `POST /__sim/faults`: the next `count` matching calls fail in the given way (docs/behaviour.md#sandbox-simulator). */
export class FaultInjector {
  private faults: Fault[] = [];

  add(path: string, mode: FaultMode, count: number, retryAfterSeconds: number | null): Fault {
    const match = /^([A-Za-z]+)\s+(\S.*)$/.exec(path.trim());
    const fault: Fault = {
      path,
      method: match ? match[1].toUpperCase() : null,
      pattern: (match ? match[2] : path).trim(),
      mode,
      remaining: count,
      retryAfterSeconds,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first fault matching this call. */
  take(method: string, paths: string[]): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && paths.some((p) => matchPattern(f.pattern, p)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
