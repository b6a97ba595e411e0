import { Injectable } from '@nestjs/common';

/** The PostgreSQL channel on which queued deliveries are announced to every instance. */
export const INBOX_CHANNEL = 'arqsign_bridge_inbox';

/**
 * At most one ack in this window carries a `NOTIFY`: PostgreSQL serialises the commits of
 * notifying transactions (one global lock held through the commit's WAL flush), so a NOTIFY in
 * every ack would stop concurrent acks from sharing WAL flushes. The instance that stored a
 * delivery always wakes its own worker; the others only need to hear that there is work.
 */
const ANNOUNCE_EVERY_MS = 250;

/**
 * How the inbox tells processing that deliveries are queued (docs/job-recovery.md#the-inbox-is-the-queue):
 * in-process wake-ups after a commit (at once, or when a delayed delivery becomes due), and the
 * decision whether a write also announces itself to the other instances.
 */
@Injectable()
export class InboxSignal {
  private readonly listeners = new Set<() => void>();
  private lastAnnouncedAt = 0;

  /** `listener` runs on every local wake-up; returns the unsubscribe function. */
  onWork(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wake(): void {
    this.listeners.forEach((listener) => listener());
  }

  /** Wakes when a delivery queued `seconds` ahead becomes due. */
  wakeAfter(seconds: number): void {
    setTimeout(() => this.wake(), Math.ceil(seconds * 1000) + 20).unref();
  }

  /** True when this write should NOTIFY the other instances (throttled). */
  shouldAnnounce(now = Date.now()): boolean {
    if (now - this.lastAnnouncedAt < ANNOUNCE_EVERY_MS) return false;
    this.lastAnnouncedAt = now;
    return true;
  }
}
