import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HostModule } from './app.module';
import { HostConfig, HostConfigModule } from './host-config';

@Module({ imports: [HostConfigModule, HostModule] })
class RootModule {}

async function main(): Promise<void> {
  // A plain Nest app: default body parser (100 kB), no rawBody, Nest's default logger.
  const app = await NestFactory.create(RootModule);
  app.enableShutdownHooks();
  await app.listen(app.get(HostConfig).port, '127.0.0.1');
  console.log(`host app ready on ${await app.getUrl()}`);
}

void main();
