import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { runMigrationsLocked, SIGNING_ENTITIES, SIGNING_MIGRATIONS, SigningModule } from 'arqsign-bridge';
import { DataSource } from 'typeorm';
import { HostConfig } from './host-config';
import { CreatePurchaseOrders1780000000000 } from './orders/create-purchase-orders.migration';
import { OrdersController } from './orders/orders.controller';
import { PurchaseOrder } from './orders/purchase-order.entity';
import { SigningEventsListener } from './orders/signing-events.listener';

// #region embedding (the README's "Embedding" snippet is this region, checked by a test)
@Module({
  imports: [
    // The host's one connection: its entities and migrations beside ours (ours live in schema `signing`).
    TypeOrmModule.forRootAsync({
      inject: [HostConfig],
      useFactory: (config: HostConfig) => ({
        type: 'postgres',
        url: config.databaseUrl,
        entities: [PurchaseOrder, ...SIGNING_ENTITIES],
        migrations: [CreatePurchaseOrders1780000000000, ...SIGNING_MIGRATIONS],
        migrationsTableName: 'host_migrations',
      }),
      // Applied under an advisory lock: instances starting together never race on them.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrationsLocked(dataSource);
        return dataSource;
      },
    }),
    TypeOrmModule.forFeature([PurchaseOrder]),
    // Our events reach the host's @OnEvent listeners through the host's emitter.
    EventEmitterModule.forRoot(),
    SigningModule.forRootAsync({
      inject: [HostConfig],
      useFactory: (config: HostConfig) => ({
        apiKeys: [{ clientName: 'erp', key: config.signingApiKey }],
        arqsign: config.arqsign,
        sandbox: config.sandbox,
        webhooks: { secrets: config.webhookSecrets },
        publicBaseUrl: config.publicBaseUrl,
        downloadAllowedHosts: config.downloadAllowedHosts,
        storage: { driver: 'local', directory: config.filesDirectory },
      }),
    }),
  ],
  controllers: [OrdersController],
  providers: [SigningEventsListener],
})
export class HostModule {}
// #endregion embedding
