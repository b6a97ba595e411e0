import { Module } from '@nestjs/common';

/** The SigningProcess aggregate, its history, and the /v1/processes API. */
@Module({})
export class SigningProcessesModule {}
