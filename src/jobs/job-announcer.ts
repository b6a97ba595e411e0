import { SigningLogger } from '../shared/logging/signing-logger';
import { Client, ClientConfig } from 'pg';

/** The PostgreSQL channel new work is announced on (payload: the queue name). */
export const JOBS_CHANNEL = 'arqsign_bridge_jobs';
const RECONNECT_MS = 2_000;

/**
 * Cross-instance wake-up (docs/job-recovery.md): every enqueue sends `NOTIFY arqsign_bridge_jobs,
 * '<queue>'` — inside the enqueuing transaction, so PostgreSQL delivers it exactly when the job
 * becomes visible — and every instance LISTENs on one dedicated connection and wakes its local
 * workers of that queue. Without it, another instance would only see the job at its next poll.
 * A lost connection is re-opened; meanwhile polling still finds the work.
 */
export class JobAnnouncer {
  private readonly logger = new SigningLogger('JobQueue');
  private client?: Client;
  private stopped = false;
  /** True while notifications arrive (LISTEN succeeded on a live connection). */
  listening = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly connection: ClientConfig,
    private readonly onWork: (queue: string) => void,
    /** Another channel for other work announced the same way (the durable events use their own). */
    private readonly channel: string = JOBS_CHANNEL,
  ) {}

  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.connection);
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload) this.onWork(message.payload);
    });
    client.on('error', (error: Error) => {
      this.logger.warn({ error: error.message }, 'Job announcement connection lost (reconnecting; polling continues)');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.listening = this.client === client;
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'Could not listen for job announcements (retrying; polling continues)');
      this.reconnect(client);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    clearTimeout(this.timer);
    await this.client?.end().catch(() => undefined);
  }

  private reconnect(client: Client): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    this.listening = false;
    void client.end().catch(() => undefined);
    this.timer = setTimeout(() => void this.start(), RECONNECT_MS);
    this.timer.unref();
  }
}

/** SQL (and its parameters) that announces work on `queue`. */
export function announceSql(queue: string): [string, unknown[]] {
  return ['SELECT pg_notify($1, $2)', [JOBS_CHANNEL, queue]];
}
