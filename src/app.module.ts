import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { RuntimeConfig, toSigningModuleOptions } from './config/runtime-config';
import { ConsoleModule } from './console/console.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { httpLoggerOptions } from './observability/logger';
import { SigningModule } from './signing.module';

/** The standalone service: logging + database + event bus + health + SigningModule + the console. */
@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(logger) }),
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), migrationsRun: true, autoLoadEntities: true }),
        HealthModule,
        SigningModule.forRoot(toSigningModuleOptions(config)),
        ConsoleModule.forRoot({ simulatorUrl: config.sandbox ? config.arqsign.baseUrl : undefined }),
      ],
    };
  }
}
