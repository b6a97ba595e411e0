import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AccountSnapshot } from './account-store';
import type { SimProcess } from './process-model';
import type { WebhookConfig } from './webhook-store';
import type { SimulatorAccount } from '../simulator-options';

/** Bump when the shape changes; a snapshot of another version is ignored (the sandbox starts empty). */
const VERSION = 1;

/** Everything the simulator needs to carry on after a restart (not the webhook retries in flight). */
export interface SimulatorSnapshot {
  version: number;
  savedAt: string;
  credentials: SimulatorAccount;
  account: AccountSnapshot;
  processes: SimProcess[];
  webhooks: WebhookConfig[];
  clockOffsetMs: number;
  linkSecret: Buffer;
}

/**
 * The simulator's state file (see docs/sandbox-persistence.md): V8-serialised (Dates and Buffers
 * round-trip), written atomically — temp file, fsync, rename, directory fsync — so a crash leaves
 * either the old snapshot or the new one, never half of one.
 */
export class SnapshotFile {
  constructor(private readonly path: string) {}

  /** The saved state, or undefined when there is none (or it is unreadable / of another version). */
  read(warn: (line: string) => void): SimulatorSnapshot | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`sandbox state ${this.path} unreadable (${(error as Error).message}): starting empty`);
      return undefined;
    }
    try {
      const snapshot = deserialize(bytes) as SimulatorSnapshot;
      if (snapshot?.version === VERSION) return snapshot;
      warn(`sandbox state ${this.path} has another format version: starting empty`);
    } catch (error) {
      warn(`sandbox state ${this.path} is corrupt (${(error as Error).message}): starting empty`);
    }
    return undefined;
  }

  write(state: Omit<SimulatorSnapshot, 'version' | 'savedAt'>): void {
    const bytes = serialize({ version: VERSION, savedAt: new Date().toISOString(), ...state } satisfies SimulatorSnapshot);
    const directory = dirname(this.path);
    mkdirSync(directory, { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
    const dirFd = openSync(directory, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}

/**
 * Coalesces save requests: many changes in a burst give one write, at most every `delayMs`;
 * `flush()` writes now if anything is pending (on close).
 */
export class SnapshotScheduler {
  private timer?: NodeJS.Timeout;
  private dirty = false;

  constructor(
    private readonly save: () => void,
    private readonly onError: (error: Error) => void,
    private readonly delayMs = 200,
  ) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    try {
      this.save();
    } catch (error) {
      this.onError(error as Error);
    }
  }
}
