import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/**
 * Durable jobs (pg-boss) for every feature module: import JobsModule and inject `JobQueue`.
 * Nest instantiates a module once, so all importers share one pg-boss instance. Settings can be
 * overridden by providing `JOBS_OPTIONS` (optional).
 */
@Module({
  providers: [JobQueue],
  exports: [JobQueue],
})
export class JobsModule {}
