import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '../observability/metrics.service';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../signing.module-definition';
import { ArqsignClient } from './arqsign-client.port';
import { HttpArqsignClient } from './http-arqsign.client';

/**
 * Provides `ArqsignClient` (inject the abstract class) as the resilient HTTP client, configured
 * from the module options, with its metrics on the module's registry. Webhook provisioning
 * lives here too.
 */
@Module({
  providers: [
    {
      provide: ArqsignClient,
      useFactory: (options: ResolvedSigningOptions, metrics: MetricsService) =>
        new HttpArqsignClient({
          baseUrl: options.arqsign.baseUrl,
          appKey: options.arqsign.appKey,
          subscriptionKey: options.arqsign.subscriptionKey,
          timeoutMs: options.arqsign.timeoutMs,
          registry: metrics.registry,
          logger: new Logger('ArqsignClient'),
        }),
      inject: [SIGNING_MODULE_OPTIONS, MetricsService],
    },
  ],
  exports: [ArqsignClient],
})
export class ArqsignClientModule implements OnApplicationShutdown {
  constructor(@Inject(ArqsignClient) private readonly client: ArqsignClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
