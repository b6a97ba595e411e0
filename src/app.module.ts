import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { RuntimeConfig, toSigningModuleOptions } from './config/runtime-config';
import { ConsoleModule } from './console/console.module';
import { dataSourceOptions } from './database/data-source-options';
import { runMigrationsLocked } from './database/migrations-lock';
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
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config.databaseUrl), autoLoadEntities: true }),
          // Migrations under an advisory lock: instances starting together never race on them.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await runMigrationsLocked(dataSource).catch(async (error: unknown) => {
              await dataSource.destroy().catch(() => undefined);
              throw error;
            });
            return dataSource;
          },
        }),
        HealthModule,
        // The standalone app mounts the body readers itself, in its own order (bootstrap.ts).
        SigningModule.forRoot({ ...toSigningModuleOptions(config), ownBodyReaders: false }),
        ConsoleModule.forRoot({ simulatorUrl: config.sandbox ? config.arqsign.baseUrl : undefined }),
      ],
    };
  }
}
