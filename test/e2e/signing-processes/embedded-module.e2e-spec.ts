import { Injectable, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGNING_ENTITIES, SIGNING_MIGRATIONS, SigningModule } from '../../../src';
import type { SigningEventMap } from '../../../src';
import { startArqsignSimulator } from '../../../src/sandbox';
import type { RunningSimulator } from '../../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { client, makePdf, processBody } from './support';

/** A host listener, as a host app would write one. */
@Injectable()
class SentListener {
  static readonly received: SigningEventMap['signing.process.sent'][] = [];

  @OnEvent('signing.process.sent')
  onSent(event: SigningEventMap['signing.process.sent']): void {
    SentListener.received.push(event);
  }
}

/**
 * docs/behaviour.md#embedding: a host app owns TypeORM (with our entities and migrations), the event emitter
 * and configuration, and imports `SigningModule.forRootAsync`. No global pipe or filter here:
 * the module's routes must validate and answer errors on their own.
 */
describe('SigningModule embedded in a host app (forRootAsync)', () => {
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let app: INestApplication;

  beforeAll(async () => {
    [database, simulator] = await Promise.all([createTestDatabase(), startArqsignSimulator({ port: 0 })]);
    const sim = simulator;
    @Module({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: database.url, entities: SIGNING_ENTITIES, migrations: SIGNING_MIGRATIONS, migrationsRun: true, migrationsTableName: 'host_signing_migrations' }),
        EventEmitterModule.forRoot(),
        SigningModule.forRootAsync({
          useFactory: async () => ({
            apiKeys: [{ clientName: 'host', key: 'host-key-0001' }],
            arqsign: { baseUrl: sim.url, appKey: sim.account.appKey, subscriptionKey: sim.account.subscriptionKeys[0], responsibleId: sim.account.responsibleId, folderId: sim.account.folderId },
            publicBaseUrl: 'http://localhost:1',
            storage: { driver: 'local', directory: mkdtempSync(join(tmpdir(), 'host-files-')) },
          }),
        }),
      ],
      providers: [SentListener],
    })
    class HostModule {}
    app = await NestFactory.create(HostModule, { logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await simulator?.close();
    await database?.drop();
  });

  it("creates and lists processes through the module's routes, and the host's listener gets the event", async () => {
    const host = client(app.getHttpServer(), 'host-key-0001');
    const created = await host.post('/v1/processes', processBody(await makePdf('Host'))).expect(201);
    expect(created.body).toMatchObject({ status: 'IN_PROGRESS', clientName: 'host' });
    expect(SentListener.received).toEqual([expect.objectContaining({ processId: created.body.id, clientName: 'host', arqsignProcessId: created.body.arqsignProcessId })]);

    const list = await host.get('/v1/processes?limit=1&status=IN_PROGRESS').expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const invalid = await host.get('/v1/processes?limit=500').expect(400);
    expect(invalid.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', details: [{ field: 'limit', problem: expect.any(String) }] });
  });
});
