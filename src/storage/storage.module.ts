import { Module } from '@nestjs/common';

/** Archives signed documents and signature records (local disk or S3). */
@Module({})
export class StorageModule {}
