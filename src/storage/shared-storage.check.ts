import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import { JobQueue } from '../jobs/job-queue';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../signing.module-definition';

/** How often (per instance) the check looks again until it has warned once. */
const CHECK_INTERVAL_MS = 30_000;

/**
 * Local-disk storage cannot be shared: with several instances on one PostgreSQL, a file archived
 * by one is missing on the others (downloads answer 503). When this instance stores files locally
 * and another live instance uses the same database, say so loudly (one error-level line with
 * `alert`) — S3 is required beyond one instance (README "Running several instances").
 */
@Injectable()
export class SharedStorageCheck implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('Storage');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.storage.driver !== 'local') return;
    void this.check();
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** True when it warned. */
  async check(): Promise<boolean> {
    const others = await this.jobs.otherLiveInstances().catch(() => 0);
    if (others === 0) return false;
    clearInterval(this.timer);
    this.logger.error(
      { alert: 'local_storage_shared_database', otherInstances: others },
      `ALERT: STORAGE_DRIVER=local with ${others} other instance(s) on this database: files archived by one instance are missing on the others. Use STORAGE_DRIVER=s3 for more than one instance.`,
    );
    return true;
  }
}
