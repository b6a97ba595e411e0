import { Logger } from '@nestjs/common';
import { ArqsignUnavailableError, ArqsignUncertainError } from '../arqsign-client.errors';
import { MetricsService } from '../../observability/metrics.service';
import type { ResolvedSigningOptions } from '../../signing.module-definition';
import { FakeWebhookArqsignClient } from './testing/fake-webhook-arqsign-client';
import { InMemoryWebhookConfigStore } from './testing/in-memory-webhook-config.store';
import { WebhookConfigStatusService } from './webhook-config-status.service';
import { PREVIOUS_SECRET_GRACE_MS } from './webhook-config.store';
import { webhookDefinitions } from './webhook-definitions';
import { WebhookProvisioner } from './webhook-provisioner.service';
import { WebhookUrlMismatchError } from './webhook-provisioning.errors';

const BASE = 'https://erp.example.com';
const URL = `${BASE}/webhooks/arqsign`;
const TRACKING = 'arqsign-bridge tracking (erp.example.com)';
const CONCLUSION = 'arqsign-bridge conclusion (erp.example.com)';

function harness(publicBaseUrl = BASE, shared?: { client: FakeWebhookArqsignClient; store: InMemoryWebhookConfigStore }) {
  const client = shared?.client ?? new FakeWebhookArqsignClient();
  const store = shared?.store ?? new InMemoryWebhookConfigStore();
  const metrics = new MetricsService();
  const options = { publicBaseUrl, arqsign: { timeoutMs: 1000 } } as ResolvedSigningOptions;
  const status = new WebhookConfigStatusService(client.asClient(), store, options, metrics);
  const provisioner = new WebhookProvisioner(client.asClient(), store, status, options);
  const gauge = async () => (await metrics.registry.getSingleMetric('arqsign_webhook_config_active')!.get()).values.map((v) => [v.labels.kind, v.value]);
  return { client, store, status, provisioner, gauge };
}

/** Adds a configuration as provisioning would have created it. */
function addOurs(client: FakeWebhookArqsignClient, kind: 'tracking' | 'conclusion', publicBaseUrl = BASE) {
  const request = webhookDefinitions(publicBaseUrl)[kind].request;
  const { linkDocCompartilhado, ...dados } = request.dadosRetorno!;
  return client.add({
    nome: request.nome,
    urlPublicar: request.urlPublicar,
    gatilhos: request.gatilhos.map((id) => ({ id, ativo: true })),
    dadosRetorno: { ...dados, linkDocumentoCompartilhado: linkDocCompartilhado },
  });
}

describe('WebhookProvisioner', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));

  it('creates both configurations with the exact definitions and stores their ids and secrets', async () => {
    const { client, store, provisioner, gauge } = harness();
    const report = await provisioner.provision();

    expect(client.created).toEqual([webhookDefinitions(BASE).tracking.request, webhookDefinitions(BASE).conclusion.request]);
    expect(report.healthy).toBe(true);
    expect(report.configurations.map((c) => [c.kind, c.name, c.action, c.status, c.secretKnown, c.url])).toEqual([
      ['tracking', TRACKING, 'CREATED', 'ACTIVE', true, URL],
      ['conclusion', CONCLUSION, 'CREATED', 'ACTIVE', true, URL],
    ]);
    const tracking = client.byName(TRACKING)!;
    const conclusion = client.byName(CONCLUSION)!;
    expect(report.configurations.map((c) => c.arqsignId)).toEqual([tracking.id, conclusion.id]);
    expect(store.rows.get('tracking')).toMatchObject({ arqsignId: tracking.id, hmacSecret: tracking.hmac, url: URL, name: TRACKING });
    expect(store.rows.get('conclusion')).toMatchObject({ arqsignId: conclusion.id, hmacSecret: conclusion.hmac });
    expect((await store.hmacSecrets()).sort()).toEqual([tracking.hmac, conclusion.hmac].sort());
    expect(JSON.stringify(report)).not.toContain(tracking.hmac!);
    expect(await gauge()).toEqual([['tracking', 1], ['conclusion', 1]]);
    expect(store.locks).toBe(1);
  });

  it('is idempotent: a second run creates nothing and changes nothing', async () => {
    const { client, store, provisioner } = harness();
    const first = await provisioner.provision();
    const secrets = await store.hmacSecrets();
    client.calls.length = 0;

    const second = await provisioner.provision();
    expect(second.configurations.map((c) => c.action)).toEqual(['UNCHANGED', 'UNCHANGED']);
    expect(second.configurations.map((c) => c.arqsignId)).toEqual(first.configurations.map((c) => c.arqsignId));
    expect(client.configs).toHaveLength(2);
    expect(client.calls).toEqual(['listWebhookConfigs', 'listWebhookConfigs']); // one to provision, one to report
    expect(await store.hmacSecrets()).toEqual(secrets);
  });

  it.each([
    ['inactive by failures (status 3)', (c: { status: number }) => (c.status = 3), 'INACTIVE_BY_FAILURES'],
    ['inactive (status 2)', (c: { status: number }) => (c.status = 2), 'INACTIVE'],
    ['active with a trigger inactivated by failures', (c: { gatilhos: { ativo: boolean }[] }) => (c.gatilhos[0].ativo = false), 'ACTIVE'],
  ])('re-activates a configuration %s, reported as such before', async (_case, deactivate, reported) => {
    const { client, status, provisioner, gauge } = harness();
    await provisioner.provision();
    deactivate(client.byName(TRACKING) as never);

    const before = await status.check();
    expect(before.configurations[0]).toMatchObject({ status: reported, healthy: false });
    expect(before.configurations[0].problems.join(' ')).toMatch(/re-activate/);
    expect(before.healthy).toBe(false);
    expect(await gauge()).toEqual([['tracking', 0], ['conclusion', 1]]);

    client.calls.length = 0;
    const after = await provisioner.provision();
    expect(client.calls).toContain('changeWebhookConfigStatus:1');
    expect(after.configurations.map((c) => [c.action, c.status, c.inactiveTriggers])).toEqual([
      ['REACTIVATED', 'ACTIVE', []],
      ['UNCHANGED', 'ACTIVE', []],
    ]);
    expect(client.byName(TRACKING)!.status).toBe(1);
    expect(await gauge()).toEqual([['tracking', 1], ['conclusion', 1]]);
  });

  it('adopts configurations that exist but are not stored, taking the secret from the list', async () => {
    const { client, store, provisioner } = harness();
    const tracking = addOurs(client, 'tracking');
    const conclusion = addOurs(client, 'conclusion');

    const report = await provisioner.provision();
    expect(client.created).toEqual([]);
    expect(report.configurations.map((c) => [c.action, c.arqsignId, c.secretKnown])).toEqual([
      ['ADOPTED', tracking.id, true],
      ['ADOPTED', conclusion.id, true],
    ]);
    expect(store.rows.get('tracking')!.hmacSecret).toBe(tracking.hmac);
  });

  it('says so, rather than inventing one, when neither ArqSIGN nor the database knows a secret', async () => {
    const { client, store, provisioner } = harness();
    addOurs(client, 'tracking').hmac = null;

    const report = await provisioner.provision();
    const tracking = report.configurations[0];
    expect(tracking).toMatchObject({ action: 'ADOPTED', secretKnown: false, healthy: false });
    expect(tracking.problems).toContain("Its HMAC secret is not stored and ArqSIGN does not reveal it: add the key shown in ArqSIGN's web app to ARQSIGN_WEBHOOK_SECRETS");
    expect(store.rows.get('tracking')!.hmacSecret).toBeNull();
    expect(report.configurations[1]).toMatchObject({ action: 'CREATED', secretKnown: true });
  });

  it('keeps a stored secret when ArqSIGN stops revealing it', async () => {
    const { client, store, provisioner } = harness();
    await provisioner.provision();
    const secret = client.byName(TRACKING)!.hmac;
    client.byName(TRACKING)!.hmac = null;

    const report = await provisioner.provision();
    expect(report.configurations[0]).toMatchObject({ action: 'UNCHANGED', secretKnown: true });
    expect(store.rows.get('tracking')!.hmacSecret).toBe(secret);
  });

  it('stores a secret regenerated in ArqSIGN, still accepting the old one for the retry window', async () => {
    const { client, store, status, provisioner } = harness();
    await provisioner.provision();
    const old = client.byName(TRACKING)!.hmac!;
    client.byName(TRACKING)!.hmac = 'regenerated-secret';

    const before = await status.check();
    expect(before.configurations[0]).toMatchObject({ secretKnown: false, healthy: false });
    expect(before.configurations[0].problems).toContain('Its HMAC secret changed in ArqSIGN (regenerated in the web app?): provision to store the new one');

    const after = await provisioner.provision();
    expect(after.configurations[0]).toMatchObject({ secretKnown: true, healthy: true });
    const row = store.rows.get('tracking')!;
    expect(row).toMatchObject({ hmacSecret: 'regenerated-secret', previousHmacSecret: old });
    expect(row.previousSecretUntil!.getTime() - row.lastProvisionedAt.getTime()).toBe(PREVIOUS_SECRET_GRACE_MS);
    expect(await store.hmacSecrets()).toEqual(expect.arrayContaining(['regenerated-secret', old]));
  });

  it('leaves a configuration with our name but another URL alone and answers URL_MISMATCH, still provisioning the other', async () => {
    const { client, store, provisioner } = harness();
    const foreign = client.add({ nome: TRACKING, urlPublicar: 'https://other.example.com/hook', status: 3 });

    const error = await provisioner.provision().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookUrlMismatchError);
    expect((error as WebhookUrlMismatchError).code).toBe('ARQSIGN_WEBHOOKS.URL_MISMATCH');
    expect((error as WebhookUrlMismatchError).message).toContain(`points at https://other.example.com/hook, expected ${URL}`);
    expect((error as WebhookUrlMismatchError).mismatches).toEqual([
      { kind: 'tracking', name: TRACKING, arqsignId: foreign.id, url: 'https://other.example.com/hook', expectedUrl: URL },
    ]);
    expect(JSON.stringify((error as WebhookUrlMismatchError).details)).not.toContain(foreign.hmac!);
    expect(foreign.status).toBe(3); // not re-activated
    expect(client.calls).not.toContain('changeWebhookConfigStatus:1');
    expect(store.rows.has('tracking')).toBe(false);
    expect(client.byName(CONCLUSION)).toBeDefined();
    expect(store.rows.get('conclusion')).toBeDefined();
  });

  it.each([
    ['a duplicate-name refusal (another instance created it first)', undefined],
    ['an uncertain outcome (the create timed out but happened)', new ArqsignUncertainError({ endpoint: 'createWebhookConfig', reason: 'timeout' })],
  ])('adopts the configuration after %s', async (_case, failure) => {
    const { client, store, provisioner } = harness();
    let racer: { id: string; hmac: string | null } | undefined;
    client.beforeCreate = (request) => {
      if (request.nome !== TRACKING || racer) return;
      racer = addOurs(client, 'tracking');
      if (failure) throw failure;
    };

    const report = await provisioner.provision();
    expect(report.configurations[0]).toMatchObject({ action: 'ADOPTED', arqsignId: racer!.id, secretKnown: true });
    expect(client.configs.filter((c) => c.nome === TRACKING)).toHaveLength(1);
    expect(store.rows.get('tracking')!.hmacSecret).toBe(racer!.hmac);
  });

  it('lets ArqSIGN being down surface as its typed error, storing nothing', async () => {
    const { client, store, provisioner } = harness();
    client.failNext.set('createWebhookConfig', new ArqsignUnavailableError({ endpoint: 'createWebhookConfig', reason: 'ECONNREFUSED' }));
    await expect(provisioner.provision()).rejects.toBeInstanceOf(ArqsignUnavailableError);
    expect(store.rows.size).toBe(0);
  });

  it('replaces our configurations when PUBLIC_BASE_URL changes, deactivating the old ones', async () => {
    const client = new FakeWebhookArqsignClient();
    const store = new InMemoryWebhookConfigStore();
    await harness('https://old.example.com', { client, store }).provisioner.provision();
    const oldTracking = client.byName('arqsign-bridge tracking (old.example.com)')!;

    const report = await harness(BASE, { client, store }).provisioner.provision();
    expect(report.configurations.map((c) => [c.action, c.name, c.url])).toEqual([
      ['CREATED', TRACKING, URL],
      ['CREATED', CONCLUSION, URL],
    ]);
    expect(report.configurations[0].supersededArqsignId).toBe(oldTracking.id);
    expect(oldTracking.status).toBe(2);
    expect(client.byName('arqsign-bridge conclusion (old.example.com)')!.status).toBe(2);
    expect(await store.hmacSecrets()).toEqual(expect.arrayContaining([client.byName(TRACKING)!.hmac, oldTracking.hmac]));
  });

  it('finds a stored configuration renamed in ArqSIGN\'s web app by its id, as long as it points at us', async () => {
    const { client, provisioner } = harness();
    await provisioner.provision();
    client.byName(TRACKING)!.nome = 'renamed by someone';

    const report = await provisioner.provision();
    expect(report.configurations[0]).toMatchObject({ action: 'UNCHANGED', name: 'renamed by someone', healthy: true });
    expect(client.configs).toHaveLength(2);
  });

  it('reports a missing configuration (deleted in ArqSIGN) and a definition edited in the web app', async () => {
    const { client, status, provisioner, gauge } = harness();
    await provisioner.provision();
    client.configs.splice(client.configs.indexOf(client.byName(CONCLUSION)!), 1);
    client.byName(TRACKING)!.gatilhos.splice(0, 1);

    const report = await status.check();
    expect(report.configurations[0].problems).toEqual([
      "Differs from the expected definition: triggers are [2, 3, 4, 5, 6, 7], expected [1, 2, 3, 4, 5, 6, 7]; fix it in ArqSIGN's web app (the API cannot change it)",
    ]);
    expect(report.configurations[1]).toMatchObject({ status: 'MISSING', arqsignId: null, secretKnown: false, healthy: false });
    expect(await gauge()).toEqual([['tracking', 1], ['conclusion', 0]]);
  });
});
