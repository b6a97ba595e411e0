import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { RunningSimulator, startArqsignSimulator } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestService, TestService } from '../support/test-service';

/**
 * Canary secrets planted in every secret setting (API key, ArqSIGN keys, HMAC secrets, database
 * password) must appear in no log line and no response, whatever we ask.
 */
describe('secrets stay secret', () => {
  const apiKey = 'canary-apikey-5f1c0d';
  const hmacSecrets = ['canary-hmac-one-77ab', 'canary-hmac-two-93cd'];
  const dbPassword = 'canary-dbpass-2e4f';
  let simulator: RunningSimulator;
  let database: TestDatabase;
  let service: TestService;
  let http: App;

  beforeAll(async () => {
    simulator = await startArqsignSimulator({ port: 0 });
    database = await createTestDatabase();
    // A database role whose password is a canary, owning the test database.
    const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    const role = `${database.name}_owner`;
    await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${dbPassword}'`);
    await admin.query(`ALTER DATABASE "${database.name}" OWNER TO "${role}"`);
    await admin.end();
    const url = new URL(database.url);
    url.username = role;
    url.password = dbPassword;
    service = await startTestService(
      {
        DATABASE_URL: url.toString(),
        API_KEYS: `erp:${apiKey}`,
        ARQSIGN_BASE_URL: simulator.url,
        ARQSIGN_APP_KEY: simulator.account.appKey,
        ARQSIGN_SUBSCRIPTION_KEY: simulator.account.subscriptionKeys[0],
        ARQSIGN_WEBHOOK_SECRETS: hmacSecrets.join(','),
        LOG_LEVEL: 'trace',
      },
      { database },
    );
    http = service.app.getHttpServer();
  });

  afterAll(async () => {
    await service?.close();
    await simulator?.close();
    await database?.drop();
  });

  it('appear in no log line and no response', async () => {
    const canaries = [apiKey, dbPassword, ...hmacSecrets, simulator.account.appKey, simulator.account.subscriptionKeys[0]];
    const responses = await Promise.all([
      request(http).get('/v1/whoami').set('Authorization', `Bearer ${apiKey}`),
      request(http).get('/v1/whoami').set('X-Api-Key', apiKey),
      request(http).get('/v1/whoami').set('X-Api-Key', `${apiKey}-wrong`),
      request(http).post('/v1/whoami').set('X-Api-Key', apiKey).set('Content-Type', 'application/json').send(`{"key":"${apiKey}"`),
      request(http).get(`/v1/missing?key=${apiKey}`).set('X-Api-Key', apiKey),
      request(http).post('/webhooks/arqsign').set('HMAC', hmacSecrets[0]).send({ secret: hmacSecrets[1] }),
      request(http).get('/health/ready'),
      request(http).get('/metrics'),
      request(http).get('/docs-json'),
    ]);
    expect(responses[0].status).toBe(200);
    const said = responses.map((r) => `${JSON.stringify(r.headers)}\n${r.text}`).join('\n');
    const logged = service.logLines.join('\n');
    expect(service.logLines.length).toBeGreaterThan(5);
    for (const canary of canaries) {
      expect(said).not.toContain(canary);
      expect(logged).not.toContain(canary);
    }
  });
});
