import { DynamicModule, MiddlewareConsumer, Module, NestModule, Provider, RequestMethod, Type } from '@nestjs/common';
import { ArqsignClientModule } from './arqsign-client/arqsign-client.module';
import { AdminWebhooksController } from './arqsign-client';
import { AdminOnlyMiddleware, ApiKeyMiddleware } from './auth/api-key.middleware';
import { WhoAmIController } from './auth/whoami.controller';
import { HttpMetricsMiddleware } from './observability/http-metrics.middleware';
import { WebhookEndpointsController } from './notifications';
import { NotificationsModule } from './notifications/notifications.module';
import { MetricsController } from './observability/metrics.controller';
import { ObservabilityModule } from './observability/observability.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { EventPublisher } from './shared/events/event-publisher';
import { ModuleBodyReaders } from './module-body-readers';
import { SigningProcessesController } from './signing-processes';
import { FilesController } from './storage';
import { SigningProcessesModule } from './signing-processes/signing-processes.module';
import {
  ConfigurableSigningModule,
  RAW_SIGNING_MODULE_OPTIONS,
  resolveSigningOptions,
  SIGNING_ASYNC_OPTIONS_TYPE,
  SIGNING_MODULE_OPTIONS,
  SIGNING_OPTIONS_TYPE,
  SigningModuleExtras,
  SigningModuleOptions,
} from './signing.module-definition';
import { StorageModule } from './storage/storage.module';
import { WebhookDeliveriesController, WebhooksController } from './webhooks';
import { WebhooksModule } from './webhooks/webhooks.module';

const CONTROLLERS: Type[] = [WhoAmIController, MetricsController, SigningProcessesController, AdminWebhooksController, FilesController, WebhooksController, WebhookDeliveriesController, WebhookEndpointsController];

const SHARED_PROVIDERS: Provider[] = [
  { provide: SIGNING_MODULE_OPTIONS, useFactory: resolveSigningOptions, inject: [RAW_SIGNING_MODULE_OPTIONS] },
  EventPublisher,
];

/**
 * Everything arqsign-bridge does, as one importable module (docs/behaviour.md#embedding). The host owns
 * TypeORM, the event emitter and configuration; this module brings the feature modules, their
 * controllers (unless `mountControllers: false`), the API-key protection of `/v1` and, unless
 * `ownBodyReaders: false`, its own body readers in front of the host's parsers.
 * Its options and publisher are global so the feature modules can inject them.
 */
@Module({})
export class SigningModule extends ConfigurableSigningModule implements NestModule {
  static forRoot(options: typeof SIGNING_OPTIONS_TYPE): DynamicModule {
    return SigningModule.complete(super.forRoot(options), options);
  }

  static forRootAsync(options: typeof SIGNING_ASYNC_OPTIONS_TYPE): DynamicModule {
    return SigningModule.complete(super.forRootAsync(options), options);
  }

  private static complete(definition: DynamicModule, extras: Partial<SigningModuleExtras>): DynamicModule {
    const { mountControllers = true, ownBodyReaders = true } = extras;
    return {
      ...definition,
      global: true,
      imports: [...(definition.imports ?? []), ObservabilityModule, ArqsignClientModule, WebhooksModule, SigningProcessesModule, StorageModule, ReconciliationModule, NotificationsModule],
      providers: [...(definition.providers ?? []), ...SHARED_PROVIDERS, ...(ownBodyReaders ? [ModuleBodyReaders] : [])],
      exports: [SIGNING_MODULE_OPTIONS, EventPublisher, ObservabilityModule, ArqsignClientModule, SigningProcessesModule],
      controllers: mountControllers ? CONTROLLERS : [],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
    consumer.apply(ApiKeyMiddleware).forRoutes({ path: 'v1', method: RequestMethod.ALL }, { path: 'v1/*path', method: RequestMethod.ALL });
    consumer.apply(AdminOnlyMiddleware).forRoutes({ path: 'v1/admin', method: RequestMethod.ALL }, { path: 'v1/admin/*path', method: RequestMethod.ALL });
  }
}

export type { SigningModuleOptions };
