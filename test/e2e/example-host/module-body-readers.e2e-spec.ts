import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { json } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { Client } from 'pg';
import request from 'supertest';
import { SIGNING_ENTITIES, SIGNING_MIGRATIONS, SigningModule } from '../../../src';
import { signWebhookBody, startArqsignSimulator } from '../../../src/sandbox';
import type { RunningSimulator } from '../../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { processBody } from '../signing-processes/support';

/** A valid PDF padded by an incompressible attachment. */
async function bigPdf(bytes: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  await pdf.attach(randomBytes(bytes), 'annex.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await pdf.save());
}

const SECRET = 'host-relay-secret-0001';
const KEY = 'host-key-0001';

/**
 * docs/embedding.md#what-the-module-registers-itself: the module's routes get their bodies read by
 * the module, in front of whatever the host set up — here the strictest case: Nest's parsers with
 * `rawBody: true` and a 20 kB limit, plus the host's own app-wide `express.json()` mounted first.
 */
describe("SigningModule's own body readers in front of a host's parsers", () => {
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let app: INestApplication;
  let files: string;

  beforeAll(async () => {
    [database, simulator] = await Promise.all([createTestDatabase(), startArqsignSimulator({ port: 0 })]);
    files = mkdtempSync(join(tmpdir(), 'host-files-'));
    const sim = simulator;
    @Module({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: database.url, entities: SIGNING_ENTITIES, migrations: SIGNING_MIGRATIONS, migrationsRun: true }),
        EventEmitterModule.forRoot(),
        SigningModule.forRoot({
          apiKeys: [{ clientName: 'host', key: KEY }],
          arqsign: { baseUrl: sim.url, appKey: sim.account.appKey, subscriptionKey: sim.account.subscriptionKeys[0], responsibleId: sim.account.responsibleId, folderId: sim.account.folderId },
          webhooks: { secrets: [SECRET] },
          publicBaseUrl: 'http://localhost:1',
          storage: { driver: 'local', directory: files },
        }),
      ],
    })
    class HostModule {}
    const created = await NestFactory.create<NestExpressApplication>(HostModule, { logger: false, rawBody: true });
    created.useBodyParser('json', { limit: '20kb' });
    created.use(json({ limit: '20kb' }));
    app = created;
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await simulator?.close();
    await database?.drop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it('receives a signed 150 KB webhook as raw bytes (HMAC valid, stored) despite the host parsers', async () => {
    const body = JSON.stringify({ Tipo: 'tracking', IdProcesso: 'not-ours', Padding: 'x'.repeat(150_000) });
    const response = await request(app.getHttpServer()).post('/webhooks/arqsign').set('Content-Type', 'application/json').set('HMAC', signWebhookBody(SECRET, body)).send(body);
    expect(response.status).toBe(200);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = (await db.query<{ valid: boolean; size: number }>(`SELECT (signature->>'valid')::boolean AS valid, length(body) AS size FROM signing.webhook_delivery`)).rows;
      expect(rows).toEqual([{ valid: true, size: Buffer.byteLength(body) }]);
    } finally {
      await db.end();
    }
  });

  it('streams a signed 3 MiB webhook into the database despite the host parsers (docs/large-bodies.md)', async () => {
    const body = JSON.stringify({ Tipo: 'tracking', IdProcesso: 'not-ours', Padding: 'y'.repeat(3 * 1024 * 1024) });
    const response = await request(app.getHttpServer()).post('/webhooks/arqsign').set('Content-Type', 'application/json').set('HMAC', signWebhookBody(SECRET, body)).send(body);
    expect(response.status).toBe(200);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const [row] = (await db.query(`SELECT (signature->>'valid')::boolean AS valid, body_chunked, body_size FROM signing.webhook_delivery WHERE id = $1`, [response.body.deliveryId])).rows;
      expect(row).toEqual({ valid: true, body_chunked: true, body_size: Buffer.byteLength(body) });
      const chunks = (await db.query<{ data: Buffer }>('SELECT data FROM signing.webhook_body_chunk WHERE delivery_id = $1 ORDER BY seq', [response.body.deliveryId])).rows;
      expect(Buffer.concat(chunks.map((c) => c.data)).toString('utf8')).toBe(body);
    } finally {
      await db.end();
    }
  });

  it('refuses a bad signature as a bad signature (not as a missing raw body)', async () => {
    const body = JSON.stringify({ Tipo: 'tracking' });
    const response = await request(app.getHttpServer()).post('/webhooks/arqsign').set('Content-Type', 'application/json').set('HMAC', signWebhookBody('wrong', body)).send(body);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'WEBHOOK.SIGNATURE_INVALID' });
  });

  it('accepts a create far above the host limit, and checks the API key before reading it', async () => {
    const big = processBody(await bigPdf(200_000));
    expect(JSON.stringify(big).length).toBeGreaterThan(260_000);
    const refused = await request(app.getHttpServer()).post('/v1/processes').send(big);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    const created = await request(app.getHttpServer()).post('/v1/processes').set('X-Api-Key', KEY).send(big);
    expect({ status: created.status, code: created.body.code }).toEqual({ status: 201, code: undefined });
    const other = await request(app.getHttpServer()).get('/v1/processes?limit=1').set('X-Api-Key', KEY);
    expect(other.status).toBe(200);
  });
});
